using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Domain.Auth;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.Cleanup;

/// <summary>
/// Refresh tokens past their expiry. A token expires with its session, so an expired one can neither be
/// exchanged nor matter for reuse detection any more; consumed tokens of a live session stay (they are
/// what reuse detection recognises).
/// </summary>
public sealed class ExpiredRefreshTokensStep(ShopDbContext db) : ICleanupStep
{
    public string Name => "refresh_tokens";

    public async Task<int> DeleteBatchAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        var ids = await db.RefreshTokens
            .Where(t => t.ExpiresAt < now)
            .OrderBy(t => t.ExpiresAt)
            .Select(t => t.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        return ids.Count == 0
            ? 0
            : await db.RefreshTokens.Where(t => ids.Contains(t.Id)).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>
/// Sessions that ended (expired, or were revoked) more than <see cref="CleanupOptions.SessionRetentionDays"/>
/// ago, with their refresh tokens. Until then ops still see them, with when and why they were revoked.
/// </summary>
public sealed class EndedSessionsStep(ShopDbContext db, IOptions<CleanupOptions> options, IOptions<JwtOptions> jwt) : ICleanupStep
{
    public string Name => "sessions";

    public async Task<int> DeleteBatchAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        var cutoff = now - options.Value.SessionRetention;

        // A session is revoked at or after it starts, and expires at most one session lifetime after it
        // starts: so one revoked before the cut-off expires before cutoff + lifetime. That bound lets the
        // database range-scan the expires_at index instead of reading every revoked session.
        var horizon = cutoff + jwt.Value.SessionLifetime;
        var ids = await db.Sessions
            .Where(s => s.ExpiresAt < horizon && (s.ExpiresAt < cutoff || s.RevokedAt < cutoff))
            .OrderBy(s => s.ExpiresAt)
            .Select(s => s.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        // The foreign key cascades, but saying it keeps the job correct on any schema.
        await db.RefreshTokens.Where(t => ids.Contains(t.SessionId)).ExecuteDeleteAsync(cancellationToken);
        return await db.Sessions.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>
/// Revocation rows older than any access token they could still refuse (access-token lifetime plus clock
/// skew), with a margin. Instances only read rows that young at start-up, so nothing is lost. Kill-switch
/// rows stay: refresh refuses every session created before the newest of them, for good.
/// </summary>
public sealed class OldRevocationsStep(ShopDbContext db, IOptions<JwtOptions> jwt) : ICleanupStep
{
    public string Name => "revocations";

    public async Task<int> DeleteBatchAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        var cutoff = now - jwt.Value.AccessTokenLifetime - JwtOptions.ClockSkew - CleanupOptions.RevocationMargin;
        var ids = await db.Revocations
            .Where(r => r.CreatedAt < cutoff && r.Kind != RevocationKind.Global)
            .OrderBy(r => r.Id)
            .Select(r => r.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        return ids.Count == 0
            ? 0
            : await db.Revocations.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>
/// Idempotency keys older than <see cref="CleanupOptions.IdempotencyKeyRetentionHours"/>: clients retry
/// within minutes, so a day covers every honest repeat. The orders they point at stay.
/// </summary>
public sealed class OldIdempotencyKeysStep(ShopDbContext db, IOptions<CleanupOptions> options) : ICleanupStep
{
    public string Name => "idempotency_keys";

    public async Task<int> DeleteBatchAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        var cutoff = now - options.Value.IdempotencyKeyRetention;
        var keys = await db.IdempotencyRecords
            .Where(r => r.CreatedAt < cutoff)
            .OrderBy(r => r.CreatedAt)
            .Select(r => new { r.UserId, r.Key })
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        var deleted = 0;
        foreach (var user in keys.GroupBy(k => k.UserId))
        {
            var userKeys = user.Select(k => k.Key).ToList();
            deleted += await db.IdempotencyRecords
                .Where(r => r.UserId == user.Key && userKeys.Contains(r.Key) && r.CreatedAt < cutoff)
                .ExecuteDeleteAsync(cancellationToken);
        }

        return deleted;
    }
}
