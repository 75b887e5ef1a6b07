namespace Slipway.Storage.Migrations;

/// <summary>One schema migration script; <see cref="Version"/> comes from its file name (<c>0002_name.sql</c>).</summary>
internal sealed record Migration(int Version, string Name, string Sql);
