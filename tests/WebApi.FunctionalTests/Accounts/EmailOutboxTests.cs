using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shop.Domain.Email;
using Shop.Infrastructure.Email;
using Shop.WebApi.FunctionalTests.Infrastructure;

namespace Shop.WebApi.FunctionalTests.Accounts;

/// <summary>The outbox against the shared SMTP server: several dispatchers at once never send one email twice.</summary>
public abstract class EmailOutboxTests(ApiFixture fixture) : AccountTestBase(fixture)
{
    [Fact]
    public async Task ThreeDispatchersAtOnce_DeliverEveryEmailExactlyOnce()
    {
        var now = Api.Time.GetUtcNow();
        var addresses = Enumerable.Range(0, 30).Select(_ => NewEmail("outbox")).ToList();
        await WithDbAsync(async db =>
        {
            db.OutboxEmails.AddRange(addresses.Select(a => OutboxEmail.Create(a, "Reader", "Outbox race", "text", "<p>html</p>", now)));
            return await db.SaveChangesAsync(Ct);
        });

        // The API's own dispatcher runs too: four in all, like four instances on one database.
        var dispatchers = Enumerable.Range(0, 3).Select(_ => ActivatorUtilities.CreateInstance<OutboxDispatcher>(Api.Services)).ToList();
        await Task.WhenAll(dispatchers.Select(d => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await d.DispatchOnceAsync(Ct);
            }
        }, Ct)));

        foreach (var address in addresses)
        {
            await Smtp.WaitForAsync(address, "Outbox race");
        }

        await Task.Delay(500, Ct); // room for a duplicate to arrive, if there were one
        Assert.All(addresses, a => Assert.Single(Smtp.To(a)));
        Assert.Equal(30, await WithDbAsync(db => db.OutboxEmails.CountAsync(e => addresses.Contains(e.ToAddress) && e.SentAt != null && e.Attempts == 1, Ct)));
    }
}

public sealed class EmailOutboxTestsOnSqlite(SqliteApi fixture) : EmailOutboxTests(fixture), IClassFixture<SqliteApi>;

public sealed class EmailOutboxTestsOnPostgres(PostgresApi fixture) : EmailOutboxTests(fixture), IClassFixture<PostgresApi>;

/// <summary>An API whose SMTP server is not there (yet): a port where nothing listens.</summary>
// Not tier × settings: the settings name a port or folder that each fixture instance picks for itself.
public abstract class SmtpDownFixture : ApiFixture
{
    public int SmtpPort { get; } = TestSmtpServer.FreePort();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Email:Smtp:Port"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Outbox:MaxBackoffSeconds"] = "60",
    };
}

public sealed class SmtpDownSqliteApi : SmtpDownFixture
{
    protected override DatabaseTier CreateTier() => new SqliteTier();
}

public sealed class SmtpDownPostgresApi : SmtpDownFixture
{
    protected override DatabaseTier CreateTier() => new PostgresTier();
}

/// <summary>SMTP down for an hour: requests still succeed, the email waits in the outbox and is delivered once
/// the server is back, at most one back-off (60 s) later.</summary>
public abstract class SmtpOutageTests(SmtpDownFixture fixture) : AccountTestBase(fixture)
{
    [Fact]
    public async Task WithSmtpDownForAnHour_RequestsSucceed_AndTheEmailIsDeliveredOnceTheServerIsBack()
    {
        var user = await NewCustomerAsync(); // registration queues a confirmation email: 201 all the same
        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(user.Email)).StatusCode);

        await AttemptsAsync(user.Email, atLeast: 1);
        for (var minute = 0; minute < 60; minute += 6)
        {
            Api.Time.Advance(TimeSpan.FromMinutes(6));
            await AttemptsAsync(user.Email, atLeast: 2 + (minute / 6));
        }

        var waiting = await WithDbAsync(db => db.OutboxEmails.AsNoTracking().Where(e => e.ToAddress == user.Email).ToListAsync(Ct));
        Assert.Equal(2, waiting.Count);
        Assert.All(waiting, e =>
        {
            Assert.Null(e.SentAt);
            Assert.Null(e.FailedAt);
            Assert.NotNull(e.LastError);
            Assert.True(e.NextAttemptAt - Api.Time.GetUtcNow() <= TimeSpan.FromSeconds(60));
        });

        await using var smtp = TestSmtpServer.Start(fixture.SmtpPort);
        Api.Time.Advance(TimeSpan.FromSeconds(60)); // the longest back-off
        var confirm = await smtp.WaitForAsync(user.Email, AccountTestBase.ConfirmSubject);
        var reset = await smtp.WaitForAsync(user.Email, AccountTestBase.ResetSubject);
        Assert.Equal(HttpStatusCode.NoContent, (await ConfirmAsync(confirm.TokenOf("confirm-email"))).StatusCode);

        // The reset link is delivered, but an hour late it has expired (30 minutes): it changes nothing.
        await ProblemAsync(await ResetAsync(reset.TokenOf("reset-password"), "back after the outage 1"), 400);

        await Task.Delay(500, Ct);
        Assert.Equal(2, smtp.To(user.Email).Count); // each once
    }

    private async Task AttemptsAsync(string address, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await WithDbAsync(db => db.OutboxEmails.Where(e => e.ToAddress == address).MinAsync(e => e.Attempts, Ct)) < atLeast)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the outbox did not retry {atLeast} times");
            await Task.Delay(50, Ct);
        }
    }
}

public sealed class SmtpOutageTestsOnSqlite(SmtpDownSqliteApi fixture) : SmtpOutageTests(fixture), IClassFixture<SmtpDownSqliteApi>;

public sealed class SmtpOutageTestsOnPostgres(SmtpDownPostgresApi fixture) : SmtpOutageTests(fixture), IClassFixture<SmtpDownPostgresApi>;

/// <summary>An API without <c>Email:Smtp:Host</c>: emails become .eml files in the pickup folder.</summary>
public sealed class PickupFolderApi : ApiFixture
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"shop-pickup-{Guid.NewGuid():N}");

    protected override DatabaseTier CreateTier() => new SqliteTier();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Email:Smtp:Host"] = "",
        ["Email:PickupDirectory"] = Folder,
    };

    protected override void CleanUp()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

public sealed class PickupFolderTests(PickupFolderApi fixture) : AccountTestBase(fixture), IClassFixture<PickupFolderApi>
{
    [Fact]
    public async Task WithoutAnSmtpHost_TheEmailIsAnEmlFileInThePickupFolder_AndItsPathIsLogged()
    {
        var user = await NewCustomerAsync();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        MimeMessage? message = null;
        var path = "";
        while (message is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "no .eml file appeared");
            foreach (var file in Directory.Exists(fixture.Folder) ? Directory.GetFiles(fixture.Folder, "*.eml") : [])
            {
                var candidate = await MimeMessage.LoadAsync(file, Ct);
                if (candidate.To.Mailboxes.Any(m => m.Address == user.Email))
                {
                    message = candidate;
                    path = file;
                    Assert.Contains(file, Api.Log.All, StringComparison.Ordinal);
                }
            }

            await Task.Delay(50, Ct);
        }

        var received = new ReceivedEmail(message, [user.Email], []);
        Assert.Contains($"{ShopApiFactory.PublicBaseUrl}/confirm-email?token={received.TokenOf("confirm-email")}", await File.ReadAllTextAsync(path, Ct), StringComparison.Ordinal); // whole, for grep
        Assert.Equal(HttpStatusCode.NoContent, (await ConfirmAsync(received.TokenOf("confirm-email"))).StatusCode);
        Assert.DoesNotContain(received.TokenOf("confirm-email"), Api.Log.All, StringComparison.Ordinal);
    }
}
