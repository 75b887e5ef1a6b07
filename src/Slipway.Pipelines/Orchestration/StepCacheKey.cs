using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// Builds a step's cache key: the SHA-256 of everything that decides what the step produces — its command (or
/// built-in and its settings) with params and matrix values substituted, its environment, its declared outputs, the
/// digest of its code files and of every input's content. Paths that differ from run to run (the step directory)
/// are written relative, so the same work in another run has the same key.
/// </summary>
public sealed class StepCacheKey
{
    // Bump when what goes into the key changes, so old entries stop matching.
    private const string Version = "slipway-step-cache/1";

    private readonly SortedDictionary<string, string> _parts = new(StringComparer.Ordinal);

    public StepCacheKey Add(string name, string? value)
    {
        _parts[name] = value ?? string.Empty;
        return this;
    }

    public StepCacheKey AddAll(string prefix, IEnumerable<KeyValuePair<string, string>> values)
    {
        foreach (var (key, value) in values)
        {
            _parts[prefix + key] = value;
        }

        return this;
    }

    public string Build()
    {
        var text = new StringBuilder(Version).Append('\n');
        foreach (var (name, value) in _parts)
        {
            // Length-prefixed so that no value can imitate a boundary between two parts.
            text.Append(name.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(name)
                .Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
