using Npgsql;
using Slipway.Core.Errors;

namespace Slipway.Storage.Postgres;

/// <summary>
/// PostgreSQL store URIs as MLflow (SQLAlchemy) spells them: <c>postgresql://user:password@host:port/database?sslmode=require</c>,
/// also with the <c>postgres://</c> and <c>postgresql+psycopg2://</c> schemes, converted to an Npgsql connection string.
/// </summary>
internal static class PostgresStoreUri
{
    public static bool HasPostgresScheme(string scheme) =>
        scheme is "postgresql" or "postgres" || scheme.StartsWith("postgresql+", StringComparison.Ordinal);

    public static NpgsqlConnectionStringBuilder Parse(string storeUri)
    {
        if (!Uri.TryCreate(storeUri, UriKind.Absolute, out var uri) || !HasPostgresScheme(uri.Scheme))
        {
            throw Invalid("it must look like postgresql://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Length > 0 ? uri.Host.Trim('[', ']') : null,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };

        if (uri.UserInfo.Length > 0)
        {
            var separator = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(separator < 0 ? uri.UserInfo : uri.UserInfo[..separator]);
            if (separator >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(separator + 1)..]);
            }
        }

        foreach (var (name, value) in QueryParameters(uri.Query))
        {
            Apply(builder, name, value);
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw Invalid("the host is missing");
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            throw Invalid("the database name is missing (postgresql://user:password@host:port/database)");
        }

        return builder;
    }

    /// <summary>The URI's location without credentials, for messages and logs: <c>host:port/database</c>.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) => $"{builder.Host}:{builder.Port}/{builder.Database}";

    private static void Apply(NpgsqlConnectionStringBuilder builder, string name, string value)
    {
        switch (name)
        {
            case "sslmode":
                builder.SslMode = value switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw Invalid($"unknown sslmode '{value}' (use disable, allow, prefer, require, verify-ca or verify-full)"),
                };
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "sslcert":
                builder.SslCertificate = value;
                break;
            case "sslkey":
                builder.SslKey = value;
                break;
            case "connect_timeout":
                builder.Timeout = int.TryParse(value, out var seconds) && seconds >= 0 ? seconds : throw Invalid($"connect_timeout '{value}' is not a number of seconds");
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "options":
                builder.Options = value;
                break;
            case "host":
                builder.Host = value;
                break;
            case "port":
                builder.Port = int.TryParse(value, out var port) ? port : throw Invalid($"port '{value}' is not a number");
                break;
            case "target_session_attrs":
                builder["Target Session Attributes"] = value;
                break;
            default:
                throw Invalid($"the parameter '{name}' is not supported (supported: sslmode, sslrootcert, sslcert, sslkey, connect_timeout, application_name, options, host, port, target_session_attrs)");
        }
    }

    private static IEnumerable<(string Name, string Value)> QueryParameters(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            yield return separator < 0
                ? (Uri.UnescapeDataString(pair), string.Empty)
                : (Uri.UnescapeDataString(pair[..separator]), Uri.UnescapeDataString(pair[(separator + 1)..]));
        }
    }

    // The URI itself is never echoed: it may hold a password.
    private static SlipwayException Invalid(string reason) =>
        SlipwayException.Invalid($"Invalid PostgreSQL store URI: {reason}.");
}
