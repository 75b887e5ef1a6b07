namespace Slipway.Pipelines.Specs;

/// <summary>A step run inside the server (<c>uses: register-model</c>), configured by the keys of its <c>with</c>.</summary>
public sealed record BuiltInStep(string Name, string Description, IReadOnlyList<BuiltInField> Fields)
{
    public BuiltInField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
