using System.Security.Claims;

namespace Shop.Infrastructure.Security;

/// <summary>
/// The claims of one validated access token, shared by every request that presents it: adding or removing a
/// claim throws, so no request can change what another one sees. <see cref="ClaimsIdentity.Clone"/> gives an
/// ordinary identity to anyone who needs to change a copy.
/// </summary>
public sealed class ReadOnlyClaimsIdentity(ClaimsIdentity claims) : ClaimsIdentity(claims)
{
    public override void AddClaim(Claim claim) => throw Shared();

    public override void AddClaims(IEnumerable<Claim?> claims) => throw Shared();

    public override void RemoveClaim(Claim? claim) => throw Shared();

    public override bool TryRemoveClaim(Claim? claim) => throw Shared();

    public override ClaimsIdentity Clone() => new(this);

    internal static InvalidOperationException Shared() =>
        new("These claims belong to an access token and are shared by its requests: change a Clone() instead.");
}

/// <summary>The principal of one validated access token, shared as <see cref="ReadOnlyClaimsIdentity"/> is: no
/// identity can be added. Its required claims are read once (<see cref="AccessTokenClaims"/>).</summary>
public sealed class ReadOnlyClaimsPrincipal : ClaimsPrincipal
{
    public ReadOnlyClaimsPrincipal(ReadOnlyClaimsIdentity identity)
        : base(identity)
    {
        Session = AccessTokenClaims.Read(this);
    }

    /// <summary><see cref="AccessTokenClaims.Session"/> of these claims, which cannot change.</summary>
    public (Guid SessionId, Guid UserId)? Session { get; }

    public override void AddIdentity(ClaimsIdentity identity) => throw ReadOnlyClaimsIdentity.Shared();

    public override void AddIdentities(IEnumerable<ClaimsIdentity> identities) => throw ReadOnlyClaimsIdentity.Shared();

    public override ClaimsPrincipal Clone() => new(Identities.Select(i => i.Clone()));
}
