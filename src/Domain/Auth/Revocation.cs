using System.Linq.Expressions;
using Shop.Domain.Common;

namespace Shop.Domain.Auth;

public enum RevocationKind
{
    /// <summary>One session (its id in <see cref="Revocation.SubjectId"/>).</summary>
    Session = 0,

    /// <summary>Every session of one user created before <see cref="Revocation.Cutoff"/>, but
    /// <see cref="Revocation.ExceptSessionId"/> (the device that changed the password).</summary>
    User = 1,

    /// <summary>Every session of every user created before <see cref="Revocation.Cutoff"/>.</summary>
    Global = 2,
}

/// <summary>
/// An append-only record of a revocation that API instances must apply to access tokens still in
/// flight. Written in the same transaction as the session change it announces.
/// </summary>
public sealed class Revocation
{
    /// <summary>A cut-off ends every session created at or before it: a session created in its very
    /// millisecond counts as before it (refusing is the safe side). The database and every instance's
    /// revocation cache apply this one definition.</summary>
    private static readonly Rule<DateTimeOffset, DateTimeOffset> CutOff = new((sessionCreatedAt, cutoff) => sessionCreatedAt <= cutoff);

    private Revocation() { } // for EF

    public long Id { get; private set; }
    public RevocationKind Kind { get; private set; }
    public Guid? SubjectId { get; private set; }
    public DateTimeOffset Cutoff { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>For a user revocation: the one session it spares, if any.</summary>
    public Guid? ExceptSessionId { get; private set; }

    public static Revocation OfSession(Guid sessionId, DateTimeOffset now) =>
        new() { Kind = RevocationKind.Session, SubjectId = sessionId, Cutoff = now, CreatedAt = now };

    public static Revocation OfUser(Guid userId, DateTimeOffset now, Guid? exceptSessionId = null) =>
        new() { Kind = RevocationKind.User, SubjectId = userId, Cutoff = now, CreatedAt = now, ExceptSessionId = exceptSessionId };

    /// <summary>The sessions a cut-off at <paramref name="cutoff"/> ends, for a query.</summary>
    public static Expression<Func<Session, bool>> CutsOff(DateTimeOffset cutoff) => CutOff.On((Session s) => s.CreatedAt, cutoff);

    public static bool CutsOff(DateTimeOffset cutoff, DateTimeOffset sessionCreatedAt) => CutOff.IsSatisfiedBy(sessionCreatedAt, cutoff);

    public static Revocation Global(DateTimeOffset issuedBefore, DateTimeOffset now) =>
        new() { Kind = RevocationKind.Global, SubjectId = null, Cutoff = issuedBefore, CreatedAt = now };
}
