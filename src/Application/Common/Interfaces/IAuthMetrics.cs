using Shop.Domain.Auth;

namespace Shop.Application.Common.Interfaces;

/// <summary>
/// Counts what the auth flow does, for dashboards and alerts (a spike of failed logins or of refresh-token
/// reuse is worth a page). Implemented over System.Diagnostics.Metrics; never carries a user, token or IP.
/// </summary>
public interface IAuthMetrics
{
    /// <summary>A login attempt ended; <paramref name="outcome"/> is one of <see cref="LoginOutcome"/>.</summary>
    void Login(string outcome);

    /// <summary>A refresh token was exchanged for a new token pair (rotation or a repeat within the grace window).</summary>
    void Refreshed();

    /// <summary>A rotated refresh token was presented again and its session revoked.</summary>
    void RefreshReuseDetected();

    /// <summary>A revocation took effect (published to the API instances).</summary>
    void Revoked(RevocationKind kind);
}

/// <summary>The <c>outcome</c> tag of the login counter.</summary>
public static class LoginOutcome
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
