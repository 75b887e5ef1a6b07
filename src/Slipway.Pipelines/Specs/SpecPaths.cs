namespace Slipway.Pipelines.Specs;

/// <summary>Checks of the relative paths a pipeline file names (outputs, code, suite files).</summary>
internal static class SpecPaths
{
    /// <summary>Why <paramref name="path"/> is not a relative path inside its base directory, or null when it is one.</summary>
    public static string? RelativePathProblem(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "expected a relative path, got nothing";
        }

        if (path[0] is '/' or '\\' || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':') || path[0] == '~')
        {
            return $"expected a relative path, got the absolute path '{path}'";
        }

        if (path.Split('/', '\\').Contains(".."))
        {
            return $"'{path}' leaves its directory ('..' is not allowed)";
        }

        return null;
    }
}
