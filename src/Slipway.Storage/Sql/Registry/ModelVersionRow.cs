using Slipway.Core.Registry;

namespace Slipway.Storage.Sql.Registry;

/// <summary>A model version with the internal key of its model, before its tags and aliases are filled in.</summary>
internal sealed record ModelVersionRow(long ModelKey, ModelVersion Version);
