using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Shop.Domain.Users;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Security;

/// <summary>Helpers shared by the security test classes: ops users, the ops routes, the audit log.</summary>
public abstract class SecurityTestBase(ApiFixture fixture) : ApiTestBase(fixture)
{
    protected const string Ops = "/api/v1/admin/security";

    protected Task<TestUser> OpsAsync() => NewUserAsync(Role.Ops);

    protected static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body, Json, Ct);

    protected static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(Json, Ct))!;
    }

    protected async Task<List<AuditDto>> AuditOfAsync(Guid userId, string? type = null)
    {
        var admin = await AdminAsync();
        var query = $"{Ops}/audit?user_id={userId}&page_size=100" + (type is null ? "" : $"&type={type}");
        var page = await OkAsync<PageDto<AuditDto>>(await admin.Client.GetAsync(query, Ct));
        return page.Items;
    }

    /// <summary>Every audit entry in the database, as text, for checks that no secret reached it.</summary>
    protected Task<string> AllAuditTextAsync() =>
        WithDbAsync(async db => string.Join('\n', (await db.SecurityEvents.AsNoTracking().ToListAsync(Ct))
            .Select(e => $"{e.Type} {e.UserId} {e.ActorId} {e.Ip} {e.Details}")));

    /// <summary>A problem body without its trace id, which differs on every response.</summary>
    protected static async Task<string> ProblemWithoutTraceIdAsync(HttpResponseMessage response)
    {
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        json.Remove("trace_id");
        return json.ToJsonString();
    }

    protected static async Task AssertNoTokenIssuedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("access_token", body, StringComparison.Ordinal);
        Assert.DoesNotContain("refresh_token", body, StringComparison.Ordinal);
    }
}

public sealed record PageDto<T>(List<T> Items, int Page, int PageSize, int Total);

public sealed record AuditDto(Guid Id, string Type, Guid? UserId, Guid? ActorId, string? Ip, DateTimeOffset At, string? Details);

public sealed record OpsSessionDto(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevokedReason,
    string? Ip,
    string? UserAgent);

public sealed record RevokedDto(int Revoked);

public sealed record LockDto(Guid Id, string Email, DateTimeOffset? LockedUntil, string? LockReason, int SessionsRevoked);
