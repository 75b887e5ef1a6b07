// TEMPORARY: stand-in until the core branch's Uris/ lands. Deleted at merge.
#pragma warning disable
namespace Slipway.Core.Uris
{
    public enum ModelUriKind { Version, Alias, Stage, Latest }
    public sealed record ModelUri(ModelUriKind Kind, string Name, long? Version, string? Alias, string? Stage)
    {
        public static ModelUri Parse(string uri) => throw new NotImplementedException();
    }
    public sealed record RunArtifactUri(string RunId, string Path)
    {
        public static RunArtifactUri Parse(string uri) => throw new NotImplementedException();
    }
}
