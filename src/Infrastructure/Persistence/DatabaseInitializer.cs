using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Users;

namespace Shop.Infrastructure.Persistence;

/// <summary>Applies the provider's migrations and seeds the first admin before the API serves anything.</summary>
public sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IIdGenerator ids,
    IOptions<SeedOptions> seed,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        if (db.Database.IsSqlServer())
        {
            await PrepareSqlServerAsync(db, cancellationToken);
        }
        else if (db.Database.IsNpgsql())
        {
            await PostgresDatabase.PrepareAsync(db, cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        await SeedAdminAsync(db, scope.ServiceProvider.GetRequiredService<IPasswordHashing>(), cancellationToken);
        foreach (var seeder in scope.ServiceProvider.GetServices<IDataSeeder>())
        {
            await seeder.SeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task PrepareSqlServerAsync(ShopDbContext db, CancellationToken ct)
    {
        if (await SqlServerDatabase.CreateIfMissingAsync(db, ct))
        {
            LogCreatedWithRowVersioning(logger);
        }
        else if (!await SqlServerDatabase.HasRowVersioningAsync(db, ct))
        {
            LogNoRowVersioning(logger);
        }
    }

    private async Task SeedAdminAsync(ShopDbContext db, IPasswordHashing hasher, CancellationToken ct)
    {
        var options = seed.Value;
        if (await db.Users.AnyAsync(u => u.Role == Role.Admin, ct))
        {
            await ResetAdminPasswordAsync(db, hasher, options, ct);
            return;
        }

        var email = options.AdminEmail;
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == User.NormalizeEmail(email), ct))
        {
            LogEmailTaken(logger, email);
            return;
        }

        var password = options.AdminPassword;
        var generated = false;
        if (string.IsNullOrEmpty(password))
        {
            if (!environment.IsDevelopment())
            {
                LogNoAdminPassword(logger);
                return;
            }

            password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
            generated = true;
        }

        var now = time.GetUtcNow();
        db.Users.Add(User.Register(email, "Administrator", hasher.Hash(password), Role.Admin, now, ids.New(now)));
        await db.SaveChangesAsync(ct);
        LogAdminCreated(logger, email);
        if (generated)
        {
            // Straight to the console, once: the password never goes through the logging pipeline.
            Console.WriteLine($"\n  Admin account created: {email}\n  Generated password (shown once): {password}\n");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the SQL Server database with READ_COMMITTED_SNAPSHOT on")]
    private static partial void LogCreatedWithRowVersioning(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "READ_COMMITTED_SNAPSHOT is off for this SQL Server database: catalogue reads wait behind checkouts. " +
        "Turn it on once in a quiet moment: ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE (see docs/decisions/023-sql-server-isolation-keys-and-collations.md)")]
    private static partial void LogNoRowVersioning(ILogger logger);

    /// <summary>An admin exists: Seed:AdminPassword is only used when Seed:ResetAdminPassword asks for it, and says so otherwise.</summary>
    private async Task ResetAdminPasswordAsync(ShopDbContext db, IPasswordHashing hasher, SeedOptions options, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(options.AdminPassword))
        {
            return;
        }

        if (!options.ResetAdminPassword)
        {
            LogAdminPasswordIgnored(logger);
            return;
        }

        var admin = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == User.NormalizeEmail(options.AdminEmail) && u.Role == Role.Admin, ct);
        if (admin is null)
        {
            LogNoSuchAdmin(logger, options.AdminEmail);
            return;
        }

        admin.ChangePasswordHash(hasher.Hash(options.AdminPassword));
        admin.ChangeSecurityStamp(); // the sessions made with the lost password refresh no more
        await db.SaveChangesAsync(ct);
        LogAdminPasswordReset(logger, options.AdminEmail);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed:AdminPassword is ignored: an admin account exists. To give it that password, start once with Seed:ResetAdminPassword=true")]
    private static partial void LogAdminPasswordIgnored(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed:ResetAdminPassword: no admin account {Email}; nothing was changed")]
    private static partial void LogNoSuchAdmin(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The password of the admin account {Email} was reset from Seed:AdminPassword; remove Seed:ResetAdminPassword")]
    private static partial void LogAdminPasswordReset(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first admin account {Email}")]
    private static partial void LogAdminCreated(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin account exists and Seed:AdminPassword is not set; none was created")]
    private static partial void LogNoAdminPassword(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin exists, but {Email} is taken by a non-admin account; none was created")]
    private static partial void LogEmailTaken(ILogger logger, string email);
}

/// <summary>Seeds data after migrations (the sample catalogue, for one).</summary>
public interface IDataSeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}
