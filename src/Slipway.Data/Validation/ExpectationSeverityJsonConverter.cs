using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Data.Validation;

/// <summary>Severities travel as the words a suite file uses (<c>error</c>, <c>warn</c>), never as numbers.</summary>
public sealed class ExpectationSeverityJsonConverter() : JsonStringEnumConverter<ExpectationSeverity>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false);
