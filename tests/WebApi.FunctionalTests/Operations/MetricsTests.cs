using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Operations;

/// <summary>
/// The "Shop" meter counts logins, refreshes, reuse detections and revocations, and /metrics exports them.
/// The reuse test moves the clock past the grace window, so this class has a fixture of its own. The
/// exporter listens to every meter named "Shop" in the process, and the tests run many hosts in one
/// process, so this class runs alone, after the parallel ones: then /metrics counts only its own host.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests(SqliteApi fixture) : ApiTestBase(fixture), IClassFixture<SqliteApi>
{
    [Fact]
    public async Task Logins_Refreshes_AndRevocations_AreCounted()
    {
        using var recorder = new MeterRecorder(Api.Services.GetRequiredService<IMeterFactory>());

        var user = await NewCustomerAsync();                                          // login: succeeded
        var wrong = await Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "not the password" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);                // login: failed
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(user.Tokens.RefreshToken)).StatusCode); // refresh
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.PostAsync("/api/v1/auth/logout", null, Ct)).StatusCode); // session revocation
        var other = await NewCustomerAsync();                                         // login: succeeded
        Assert.Equal(HttpStatusCode.NoContent, (await other.Client.PostAsync("/api/v1/auth/logout-all", null, Ct)).StatusCode); // user revocation

        Assert.Equal(2, recorder.Total("shop.auth.logins", "outcome", "succeeded"));
        Assert.Equal(1, recorder.Total("shop.auth.logins", "outcome", "failed"));
        Assert.Equal(1, recorder.Total("shop.auth.refreshes"));
        Assert.Equal(1, recorder.Total("shop.auth.revocations", "kind", "session"));
        Assert.Equal(1, recorder.Total("shop.auth.revocations", "kind", "user"));
        Assert.Equal(0, recorder.Total("shop.auth.refresh_reuse_detections"));
    }

    [Fact]
    public async Task RefreshTokenReuse_IsCounted_WithTheSessionRevocation()
    {
        using var recorder = new MeterRecorder(Api.Services.GetRequiredService<IMeterFactory>());
        var user = await NewCustomerAsync();
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(user.Tokens.RefreshToken)).StatusCode);

        Api.Time.Advance(TimeSpan.FromSeconds(11)); // past the 10 s grace window
        await ProblemAsync(await RefreshAsync(user.Tokens.RefreshToken), 401);

        Assert.Equal(1, recorder.Total("shop.auth.refresh_reuse_detections"));
        Assert.Equal(1, recorder.Total("shop.auth.revocations", "kind", "session"));
        Assert.Equal(1, recorder.Total("shop.auth.refreshes"));
    }

    [Fact]
    public async Task MetricsEndpoint_ExportsTheCounters_InPrometheusFormat()
    {
        var before = await ScrapeAsync("shop_auth_logins_total", "outcome=\"succeeded\"");
        await NewCustomerAsync();
        var after = await ScrapeAsync("shop_auth_logins_total", "outcome=\"succeeded\"");
        Assert.Equal(before + 1, after);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/Metrics")]
    [InlineData("/METRICS")]
    [InlineData("/metrics/")]
    public async Task Metrics_AreNotServedToAnonymousCallers_OrWithAWrongToken_WhateverThePathsCase(string path)
    {
        var anonymous = await Anonymous().GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.DoesNotContain("shop_auth", await anonymous.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer("not-the-scrape-token").GetAsync(path, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(ShopApiFactory.MetricsToken).GetAsync(path, Ct)).StatusCode);
    }

    /// <summary>The value of the series of <paramref name="metric"/> with the label, 0 if it is not there yet.</summary>
    private async Task<double> ScrapeAsync(string metric, string label)
    {
        var response = await Bearer(ShopApiFactory.MetricsToken).GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>Adds up the measurements of this host's "Shop" meter (not another host's in the same process).</summary>
    private sealed class MeterRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _totals = new();

        public MeterRecorder(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Shop" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
                foreach (var tag in tags)
                {
                    _totals.AddOrUpdate($"{instrument.Name}|{tag.Key}={tag.Value}", value, (_, total) => total + value);
                }
            });
            _listener.Start();
        }

        public long Total(string instrument, string? tag = null, string? value = null) =>
            _totals.GetValueOrDefault(tag is null ? instrument : $"{instrument}|{tag}={value}");

        public void Dispose() => _listener.Dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics (runs alone)";
}
