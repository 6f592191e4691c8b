using Shop.Application.Auth.Me;

namespace Shop.Application.Common.Interfaces;

/// <summary>The caller's own account as <c>GET /auth/me</c> shows it: read on every call of a route that nothing
/// caches, so Infrastructure runs it as a compiled query.</summary>
public interface IAccountQueries
{
    /// <summary>The account, or null when it no longer exists.</summary>
    Task<MeResponse?> FindMeAsync(Guid userId, CancellationToken cancellationToken);
}
