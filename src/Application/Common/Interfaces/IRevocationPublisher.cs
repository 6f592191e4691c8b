using Shop.Domain.Auth;

namespace Shop.Application.Common.Interfaces;

/// <summary>
/// Makes committed revocations take effect on access tokens: at once on this instance, and on every
/// other instance as fast as the configured transport allows (polling the database, or Redis).
/// </summary>
public interface IRevocationPublisher
{
    Task PublishAsync(IReadOnlyCollection<Revocation> revocations, CancellationToken cancellationToken);
}

/// <summary>Answers, without a database query, whether a validated access token has been revoked.</summary>
public interface IAccessTokenRevocationCheck
{
    bool IsRevoked(Guid sessionId, Guid userId);
}
