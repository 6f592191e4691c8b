using System.Diagnostics.Metrics;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Auth;

namespace Shop.Infrastructure.Telemetry;

/// <summary>
/// The "Shop" meter: counters of the auth flow. Exported by whatever listens to the meter (OpenTelemetry's
/// Prometheus exporter at <c>/metrics</c>); tags are low-cardinality words, never a user, token or address.
/// </summary>
public sealed class ShopMetrics : IAuthMetrics
{
    public const string MeterName = "Shop";

    private readonly Counter<long> _logins;
    private readonly Counter<long> _refreshes;
    private readonly Counter<long> _reuse;
    private readonly Counter<long> _revocations;
    private readonly Counter<long> _redisRevocations;

    public ShopMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _logins = meter.CreateCounter<long>("shop.auth.logins", description: "Login attempts, by outcome (succeeded, failed).");
        _refreshes = meter.CreateCounter<long>("shop.auth.refreshes", description: "Refresh tokens exchanged for a new token pair.");
        _reuse = meter.CreateCounter<long>("shop.auth.refresh_reuse_detections", description: "Rotated refresh tokens presented again; each revoked its session.");
        _revocations = meter.CreateCounter<long>("shop.auth.revocations", description: "Revocations published, by kind (session, user, global).");
        _redisRevocations = meter.CreateCounter<long>("shop.revocations.received", description: "Revocations from other instances applied through Redis.");
    }

    public void Login(string outcome) => _logins.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Refreshed() => _refreshes.Add(1);

    public void RefreshReuseDetected() => _reuse.Add(1);

    public void Revoked(RevocationKind kind) => _revocations.Add(1, new KeyValuePair<string, object?>("kind", KindTag(kind)));

    /// <summary>A revocation that reached this instance through Redis (from another instance).</summary>
    public void ReceivedFromRedis(RevocationKind kind) =>
        _redisRevocations.Add(1, new KeyValuePair<string, object?>("kind", KindTag(kind)));

    private static string KindTag(RevocationKind kind) => kind switch
    {
        RevocationKind.Session => "session",
        RevocationKind.User => "user",
        RevocationKind.Global => "global",
        _ => "other",
    };
}
