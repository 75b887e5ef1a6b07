using System.Net.Http.Headers;
using System.Text;

namespace Slipway.Client;

/// <summary>How the client authenticates: a bearer token or a user name and password (HTTP Basic).</summary>
public sealed class SlipwayCredentials
{
    private SlipwayCredentials(AuthenticationHeaderValue header)
    {
        AuthorizationHeader = header;
    }

    /// <summary>The <c>Authorization</c> header sent with every request.</summary>
    public AuthenticationHeaderValue AuthorizationHeader { get; }

    public static SlipwayCredentials Bearer(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new SlipwayCredentials(new AuthenticationHeaderValue("Bearer", token));
    }

    public static SlipwayCredentials Basic(string userName, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(password);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}"));
        return new SlipwayCredentials(new AuthenticationHeaderValue("Basic", encoded));
    }
}
