namespace Slipway.Client.Tests.Infrastructure;

/// <summary>Canned bodies of the native security API (<c>/api/v1</c>), spelled as the Slipway server sends them.</summary>
public static class SecurityJson
{
    public static string User(string name, bool admin = false, bool serviceAccount = false) => $$"""
        {"id":7,"username":"{{name}}","is_admin":{{(admin ? "true" : "false")}},"is_service_account":{{(serviceAccount ? "true" : "false")}},"creation_time":1700000000000}
        """;

    public static string UserResponse(string name, bool admin = false, bool serviceAccount = false) => $$"""{"user":{{User(name, admin, serviceAccount)}}}""";

    public static string Token(string name, string user = "ada", string? workspace = null, string scopes = """["write"]""", bool active = true) => $$"""
        {"name":"{{name}}","user":"{{user}}","prefix":"slw_AbCdEfGh","scopes":{{scopes}}{{(workspace is null ? "" : $",\"workspace\":\"{workspace}\"")}},
         "creation_time":1700000000000,"active":{{(active ? "true" : "false")}}{{(active ? "" : ",\"revoked_time\":1700000001000")}}}
        """;
}
