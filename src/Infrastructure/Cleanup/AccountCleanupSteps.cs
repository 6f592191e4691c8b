using Microsoft.EntityFrameworkCore;
using Shop.Application.Common.Interfaces;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.Cleanup;

/// <summary>Reset and confirmation links, and <c>mfa_token</c>s, a day after they expired (used or not).</summary>
public sealed class ExpiredAccountTokensStep(ShopDbContext db) : ICleanupStep
{
    public string Name => "account_tokens";

    public async Task<int> DeleteBatchAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        var cutoff = now - TimeSpan.FromDays(1);
        var tokens = await db.AccountTokens.Where(t => t.ExpiresAt < cutoff).OrderBy(t => t.ExpiresAt)
            .Select(t => t.Id).Take(batchSize).ToListAsync(cancellationToken);
        var deleted = tokens.Count == 0 ? 0 : await db.AccountTokens.Where(t => tokens.Contains(t.Id)).ExecuteDeleteAsync(cancellationToken);
        var challenges = await db.MfaChallenges.Where(c => c.ExpiresAt < cutoff).OrderBy(c => c.ExpiresAt)
            .Select(c => c.Id).Take(batchSize).ToListAsync(cancellationToken);
        return deleted + (challenges.Count == 0 ? 0 : await db.MfaChallenges.Where(c => challenges.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken));
    }
}

/// <summary>Outbox rows a week after they were sent or given up.</summary>
public sealed class OldOutboxEmailsStep(ShopDbContext db) : ICleanupStep
{
    public string Name => "outbox_emails";

    public async Task<int> DeleteBatchAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        var cutoff = now - TimeSpan.FromDays(7);
        var ids = await db.OutboxEmails.Where(e => e.SentAt < cutoff || e.FailedAt < cutoff)
            .Select(e => e.Id).Take(batchSize).ToListAsync(cancellationToken);
        return ids.Count == 0 ? 0 : await db.OutboxEmails.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
    }
}
