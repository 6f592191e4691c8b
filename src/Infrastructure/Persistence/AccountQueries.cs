using Microsoft.EntityFrameworkCore;
using Shop.Application.Auth.Me;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Users;

namespace Shop.Infrastructure.Persistence;

/// <summary>The caller's own account, by primary key, as a compiled query.</summary>
public sealed class AccountQueries(ShopDbContext db) : IAccountQueries
{
    private static readonly CompiledQuery<Func<ShopDbContext, Guid, CancellationToken, Task<MeRow?>>> MeById =
        new(() => EF.CompileAsyncQuery((ShopDbContext db, Guid userId, CancellationToken _) =>
            db.Users.AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => new MeRow(u.Id, u.Email, u.FullName, u.Role, u.EmailConfirmedAt != null, u.TotpEnabledAt != null))
                .FirstOrDefault()));

    public async Task<MeResponse?> FindMeAsync(Guid userId, CancellationToken cancellationToken) =>
        await MeById.For(db)(db, userId, cancellationToken) is { } me
            ? new MeResponse(me.Id, me.Email, me.FullName, me.Role.ToName(), me.EmailConfirmed, me.MfaEnabled)
            : null;

    private sealed record MeRow(Guid Id, string Email, string FullName, Role Role, bool EmailConfirmed, bool MfaEnabled);
}
