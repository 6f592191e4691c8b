using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Domain.Auth;
using Shop.Domain.Common;

namespace Shop.Infrastructure.Revocations;

/// <summary>
/// What this instance knows of revoked access tokens, checked on every authenticated request without a
/// database query: sessions revoked one by one, and "not before" cut-offs per user and for everyone,
/// compared with the creation time carried in the session id (UUIDv7). An entry is kept as long as an
/// access token issued before it could still be valid (access-token lifetime plus clock skew), then pruned.
/// </summary>
public sealed class RevocationCache(IOptions<JwtOptions> options, TimeProvider time) : IAccessTokenRevocationCheck
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _sessions = new();
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset Cutoff, DateTimeOffset ForgetAt, Guid? Except)> _users = new();
    private readonly Lock _globalLock = new();
    private Global? _global; // replaced whole, so a request reads it without a lock

    private TimeSpan Retention => options.Value.AccessTokenLifetime + JwtOptions.ClockSkew;

    public int SessionCount => _sessions.Count;

    public bool IsRevoked(Guid sessionId, Guid userId)
    {
        if (_sessions.ContainsKey(sessionId))
        {
            return true;
        }

        // Session ids carry their creation time to the millisecond, as the database keeps it.
        var created = UuidV7.Timestamp(sessionId);
        // TryGetValue reads without a lock; IsEmpty would take every lock of the dictionary when it is
        // empty, the usual case, and made every authenticated request queue on them.
        if (_users.TryGetValue(userId, out var user) && Revocation.CutsOff(user.Cutoff, created) && user.Except != sessionId)
        {
            return true;
        }

        return Volatile.Read(ref _global) is { } global && Revocation.CutsOff(global.Cutoff, created);
    }

    public void Apply(RevocationKind kind, Guid? subjectId, DateTimeOffset cutoff, DateTimeOffset createdAt, Guid? exceptSessionId = null)
    {
        var forgetAt = createdAt + Retention;
        switch (kind)
        {
            case RevocationKind.Session when subjectId is { } sessionId:
                _sessions[sessionId] = forgetAt;
                break;
            case RevocationKind.User when subjectId is { } userId:
                // The later cut-off wins with its exception (a session spared by an earlier one was created
                // before the later one too); at the same cut-off, sparing nothing wins.
                _users.AddOrUpdate(
                    userId,
                    (cutoff, forgetAt, exceptSessionId),
                    (_, old) => (
                        Later(cutoff, old.Cutoff),
                        Later(forgetAt, old.ForgetAt),
                        cutoff > old.Cutoff ? exceptSessionId
                            : cutoff < old.Cutoff ? old.Except
                            : exceptSessionId is null || old.Except is null ? null : old.Except == exceptSessionId ? old.Except : null));
                break;
            case RevocationKind.Global:
                lock (_globalLock)
                {
                    var old = _global;
                    Volatile.Write(ref _global, old is null
                        ? new Global(cutoff, forgetAt)
                        : new Global(Later(cutoff, old.Cutoff), Later(forgetAt, old.ForgetAt)));
                }

                break;
        }
    }

    public void Apply(Revocation revocation) =>
        Apply(revocation.Kind, revocation.SubjectId, revocation.Cutoff, revocation.CreatedAt, revocation.ExceptSessionId);

    /// <summary>Forgets entries no live access token can need any more.</summary>
    public void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (id, forgetAt) in _sessions)
        {
            if (forgetAt < now)
            {
                _sessions.TryRemove(id, out _);
            }
        }

        foreach (var (id, entry) in _users)
        {
            if (entry.ForgetAt < now)
            {
                _users.TryRemove(id, out _);
            }
        }

        lock (_globalLock)
        {
            if (_global is { } global && global.ForgetAt < now)
            {
                Volatile.Write(ref _global, null);
            }
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed record Global(DateTimeOffset Cutoff, DateTimeOffset ForgetAt);
}
