namespace Slipway.Core.Uris;

/// <summary>Which version a <c>models:/</c> URI selects.</summary>
public enum ModelUriKind
{
    /// <summary><c>models:/name/3</c>: exactly that version.</summary>
    Version,

    /// <summary><c>models:/name@champion</c>: the version the alias points at.</summary>
    Alias,

    /// <summary><c>models:/name/Production</c>: the newest version in that stage.</summary>
    Stage,

    /// <summary><c>models:/name/latest</c>: the newest version of all.</summary>
    Latest,
}
