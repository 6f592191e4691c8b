namespace Shop.Application.Common.Exceptions;

/// <summary>Expected failures of a use case; the API maps each to its status code in one place.</summary>
public abstract class AppException(string message) : Exception(message);

/// <summary>401: bad credentials, an invalid refresh token, a missing identity.</summary>
public sealed class UnauthorizedException(string message) : AppException(message);

/// <summary>403: known caller, not allowed; <see cref="Extensions"/> say what would allow it.</summary>
public sealed class ForbiddenException(string message, IReadOnlyDictionary<string, object?>? extensions = null)
    : AppException(message)
{
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}

/// <summary>404: unknown, or not the caller's.</summary>
public sealed class NotFoundException(string message) : AppException(message);

/// <summary>409: a duplicate, a state that forbids the change, short stock.</summary>
public sealed class ConflictException(string message, IReadOnlyDictionary<string, object?>? extensions = null)
    : AppException(message)
{
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}

/// <summary>412: the resource changed since the client read it.</summary>
public sealed class PreconditionFailedException(string message) : AppException(message);

/// <summary>428: an unconditional write that must be conditional.</summary>
public sealed class PreconditionRequiredException(string message) : AppException(message);

/// <summary>429: too many attempts; try again after <see cref="RetryAfter"/>.</summary>
public sealed class TooManyRequestsException(string message, TimeSpan retryAfter) : AppException(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
