using System.Globalization;
using System.Reflection;

namespace Slipway.Storage.Migrations;

/// <summary>The migration scripts embedded in this assembly, per dialect, in version order.</summary>
internal static class MigrationCatalog
{
    public static IReadOnlyList<Migration> For(string dialect)
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{dialect}.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[prefix.Length..^".sql".Length];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(fileName.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration script '{resource}' is not named NNNN_description.sql.");
            }

            migrations.Add(new Migration(version, fileName[(separator + 1)..], ReadResource(assembly, resource), DataStep(dialect, version)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations for {dialect} must be numbered 1, 2, 3 ... without gaps; found {migrations[i].Version} at position {i + 1}.");
            }
        }

        return migrations;
    }

    /// <summary>The data steps, by dialect and version (see <see cref="Migration.DataStep"/>).</summary>
    private static Func<Sql.SqlSession, CancellationToken, Task>? DataStep(string dialect, int version) => (dialect, version) switch
    {
        ("sqlite", 4) => MetricChunkConversion.From("metrics", "metrics_staging"),
        ("postgresql", 3) => MetricChunkConversion.From("metrics"),
        _ => null,
    };

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded migration '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
