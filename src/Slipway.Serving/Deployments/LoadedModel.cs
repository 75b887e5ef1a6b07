using Slipway.Serving.Packaging;

namespace Slipway.Serving.Deployments;

/// <summary>
/// A model version in memory, counted by leases: each deployment state that serves it holds one, and so does each
/// request while it runs. The last release disposes the runtime, so a model that is swapped out finishes the requests
/// already using it and is unloaded only after them: that is what makes a swap lose no request.
/// </summary>
public sealed class LoadedModel
{
    private int _leases = 1;

    public LoadedModel(string name, long version, ModelPackage package, TimeSpan loadTime)
    {
        Name = name;
        Version = version;
        Package = package;
        LoadTime = loadTime;
        VersionText = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Name { get; }

    public long Version { get; }

    public string VersionText { get; }

    public ModelPackage Package { get; }

    public TimeSpan LoadTime { get; }

    /// <summary>Whether the runtime has been disposed (every lease released).</summary>
    public bool Unloaded => Volatile.Read(ref _leases) == 0;

    /// <summary>Takes a lease unless the model is already unloaded.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var leases = Volatile.Read(ref _leases);
            if (leases == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _leases, leases + 1, leases) == leases)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            Package.Dispose();
        }
    }
}
