namespace Slipway.Core.Errors;

/// <summary>An expected failure that carries an <see cref="ErrorCode"/> up to the caller.</summary>
public class SlipwayException : Exception
{
    public SlipwayException(ErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    public SlipwayException(ErrorCode code, string message, Exception inner)
        : base(message, inner)
    {
        Code = code;
    }

    public SlipwayException()
        : this(ErrorCode.InternalError, "Internal error")
    {
    }

    public SlipwayException(string message)
        : this(ErrorCode.InternalError, message)
    {
    }

    public SlipwayException(string message, Exception innerException)
        : this(ErrorCode.InternalError, message, innerException)
    {
    }

    public ErrorCode Code { get; }

    public static SlipwayException NotFound(string message) => new(ErrorCode.ResourceDoesNotExist, message);

    public static SlipwayException Invalid(string message) => new(ErrorCode.InvalidParameterValue, message);

    public static SlipwayException AlreadyExists(string message) => new(ErrorCode.ResourceAlreadyExists, message);
}
