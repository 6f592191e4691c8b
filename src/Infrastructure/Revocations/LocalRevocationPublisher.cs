using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Infrastructure.Revocations;

/// <summary>Applies committed revocations to this instance at once; other instances read them from the database.</summary>
public sealed class LocalRevocationPublisher(RevocationCache cache, IAuthMetrics metrics) : IRevocationPublisher
{
    public Task PublishAsync(IReadOnlyCollection<Revocation> revocations, CancellationToken cancellationToken)
    {
        foreach (var revocation in revocations)
        {
            cache.Apply(revocation);
            metrics.Revoked(revocation.Kind);
        }

        return Task.CompletedTask;
    }
}
