// TEMPORARY: compile-time stand-ins until the core and storage branches merge. Deleted at merge.
#pragma warning disable
using Slipway.Core.Search;
using Slipway.Core.Tracking;
namespace Slipway.Core.Validation
{
    public static class TrackingValidator
    {
        public static void ValidateLogBatch(IReadOnlyList<Metric> m, IReadOnlyList<Param> p, IReadOnlyList<Tag> t) { }
        public static void ValidateExperimentName(string? n) { }
        public static void ValidateExperimentTag(Tag t) { }
        public static void ValidateTag(Tag t) { }
        public static void ValidateRunId(string? r) { }
        public static int ValidateMaxResults(long? requested, int defaultValue, int max, string parameterName) => (int)(requested ?? defaultValue);
    }
    public static class RegistryValidator
    {
        public static void ValidateModelName(string? n) { }
        public static void ValidateTag(Tag t) { }
        public static void ValidateAlias(string? a) { }
        public static long ParseVersion(string? v) => long.Parse(v!);
    }
}
namespace Slipway.Core.Search
{
    public static class SearchParser
    {
        public static SearchFilter ParseRunFilter(string? f) => SearchFilter.Empty;
        public static SearchFilter ParseExperimentFilter(string? f) => SearchFilter.Empty;
        public static SearchFilter ParseRegisteredModelFilter(string? f) => SearchFilter.Empty;
        public static SearchFilter ParseModelVersionFilter(string? f) => SearchFilter.Empty;
        public static IReadOnlyList<OrderByClause> ParseRunOrderBy(IReadOnlyList<string>? o) => [];
        public static IReadOnlyList<OrderByClause> ParseExperimentOrderBy(IReadOnlyList<string>? o) => [];
        public static IReadOnlyList<OrderByClause> ParseRegisteredModelOrderBy(IReadOnlyList<string>? o) => [];
        public static IReadOnlyList<OrderByClause> ParseModelVersionOrderBy(IReadOnlyList<string>? o) => [];
    }
}
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
namespace Slipway.Core.Artifacts
{
    public static class ArtifactPath
    {
        public static string Normalize(string? path) => path ?? "";
    }
}
