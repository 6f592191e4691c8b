using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Shop.Application;
using Shop.Application.Admin.Categories.CreateCategory;
using Shop.Application.Admin.Categories.DeleteCategory;
using Shop.Application.Admin.Categories.GetCategory;
using Shop.Application.Admin.Categories.UpdateCategory;
using Shop.Application.Admin.Orders.ChangeOrderStatus;
using Shop.Application.Admin.Orders.ListAllOrders;
using Shop.Application.Admin.Products.AdjustStock;
using Shop.Application.Admin.Products.ChangeProductStatus;
using Shop.Application.Admin.Products.CreateProduct;
using Shop.Application.Admin.Products.GetAdminProduct;
using Shop.Application.Admin.Products.ListAdminProducts;
using Shop.Application.Admin.Products.UpdateProduct;
using Shop.Application.Admin.Users.ChangeRole;
using Shop.Application.Admin.Users.ListUsers;
using Shop.Application.Auth.ChangePassword;
using Shop.Application.Auth.ListSessions;
using Shop.Application.Auth.Login;
using Shop.Application.Auth.Logout;
using Shop.Application.Auth.LogoutAll;
using Shop.Application.Auth.Me;
using Shop.Application.Auth.Refresh;
using Shop.Application.Auth.Register;
using Shop.Application.Auth.RevokeSession;
using Shop.Application.Carts.ClearCart;
using Shop.Application.Carts.GetCart;
using Shop.Application.Carts.RemoveCartItem;
using Shop.Application.Carts.SetCartItem;
using Shop.Application.Catalog.GetProduct;
using Shop.Application.Catalog.ListCategories;
using Shop.Application.Catalog.ListProducts;
using Shop.Application.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Application.Orders.CancelMyOrder;
using Shop.Application.Orders.GetMyOrder;
using Shop.Application.Orders.ListMyOrders;
using Shop.Application.Orders.PlaceOrder;
using Shop.Application.Security.KillSession;
using Shop.Application.Security.ListAudit;
using Shop.Application.Security.ListUserSessions;
using Shop.Application.Security.LockUser;
using Shop.Application.Security.RevokeAll;
using Shop.Application.Security.RevokeToken;
using Shop.Application.Security.RevokeUserSessions;
using Shop.Application.Security.UnlockUser;
using Shop.Domain.Common;
using Shop.Infrastructure.Catalog;
using Shop.Infrastructure.Persistence;

namespace Shop.Infrastructure.UnitTests.SqlServerOffline;

/// <summary>
/// The SQL Server tier that needs no server: every use case runs through the real handlers on the SqlServer
/// provider, whose commands are captured (<see cref="OfflineSqlServer"/>) and parsed with Microsoft's T-SQL
/// parser. A LINQ query the provider cannot translate, or SQL that SQL Server 2022 would not parse, fails.
/// </summary>
public sealed class SqlServerSqlTests
{
    private static readonly Guid Someone = Guid.CreateVersion7();
    private static readonly Guid Something = Guid.CreateVersion7();
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static readonly Dictionary<string, Func<IMediator, ValueTask>> UseCases = new()
    {
        ["catalog: newest"] = m => Run(m.Send(new ListProductsQuery(1, 20, null, null, null, null, null))),
        ["catalog: name, deep page"] = m => Run(m.Send(new ListProductsQuery(40, 20, null, null, null, null, ProductSort.Name))),
        ["catalog: price, category"] = m => Run(m.Send(new ListProductsQuery(3, 20, null, "books", 1.5m, 99.99m, ProductSort.Price))),
        ["catalog: -price, search"] = m => Run(m.Send(new ListProductsQuery(2, 10, "mug", null, null, 10m, ProductSort.PriceDescending))),
        ["catalog: product"] = m => Run(m.Send(new GetProductQuery(Something))),
        ["catalog: categories"] = m => Run(m.Send(new ListCategoriesQuery())),
        ["cart: read"] = m => Run(m.Send(new GetCartQuery())),
        ["cart: set item"] = m => Run(m.Send(new SetCartItemCommand(Something, 2))),
        ["cart: remove item"] = m => Run(m.Send(new RemoveCartItemCommand(Something))),
        ["cart: clear"] = m => Run(m.Send(new ClearCartCommand())),
        ["orders: checkout"] = m => Run(m.Send(new PlaceOrderCommand("Order-1"))),
        ["orders: mine"] = m => Run(m.Send(new ListMyOrdersQuery(2, 20))),
        ["orders: one"] = m => Run(m.Send(new GetMyOrderQuery(Something))),
        ["orders: cancel"] = m => Run(m.Send(new CancelMyOrderCommand(Something))),
        ["auth: register"] = m => Run(m.Send(new RegisterCommand("ann@example.com", "correct horse battery staple", "Ann"))),
        ["auth: login"] = m => Run(m.Send(new LoginCommand("ann@example.com", "correct horse battery staple"))),
        ["auth: refresh"] = m => Run(m.Send(new RefreshCommand("bm90IGEgcmVhbCByZWZyZXNoIHRva2VuIGF0IGFsbCEhIQ"))),
        ["auth: logout"] = m => Run(m.Send(new LogoutCommand("bm90IGEgcmVhbCByZWZyZXNoIHRva2VuIGF0IGFsbCEhIQ"))),
        ["auth: me"] = m => Run(m.Send(new MeQuery())),
        ["auth: sessions"] = m => Run(m.Send(new ListSessionsQuery())),
        ["auth: end a session"] = m => Run(m.Send(new RevokeSessionCommand(Something))),
        ["auth: logout everywhere"] = m => Run(m.Send(new LogoutAllCommand())),
        ["auth: change password"] = m => Run(m.Send(new ChangePasswordCommand("correct horse battery staple", "another good passphrase"))),
        ["admin: categories"] = m => Run(m.Send(new GetCategoryQuery(Something))),
        ["admin: create category"] = m => Run(m.Send(new CreateCategoryCommand("Garden", null))),
        ["admin: rename category"] = m => Run(m.Send(new UpdateCategoryCommand(Something, "Garden", "garden"))),
        ["admin: delete category"] = m => Run(m.Send(new DeleteCategoryCommand(Something))),
        ["admin: products"] = m => Run(m.Send(new ListAdminProductsQuery(2, 20, "trowel", "draft"))),
        ["admin: product"] = m => Run(m.Send(new GetAdminProductQuery(Something))),
        ["admin: create product"] = m => Run(m.Send(new CreateProductCommand("Trowel", "Steel", 12.5m, 20, Something, false))),
        ["admin: update product"] = m => Run(m.Send(new UpdateProductCommand(Something, new IfMatch(true, []), "Trowel", null, 13.9m, Something))),
        ["admin: publish product"] = m => Run(m.Send(new ChangeProductStatusCommand(Something, ProductStatusAction.Publish))),
        ["admin: adjust stock"] = m => Run(m.Send(new AdjustStockCommand(Something, -5))),
        ["admin: orders"] = m => Run(m.Send(new ListAllOrdersQuery("pending", 2, 20))),
        ["admin: order status"] = m => Run(m.Send(new ChangeOrderStatusCommand(Something, "paid"))),
        ["admin: users"] = m => Run(m.Send(new ListUsersQuery("bea", 2, 20))),
        ["admin: change role"] = m => Run(m.Send(new ChangeRoleCommand(Something, "ops"))),
        ["security: audit"] = m => Run(m.Send(new ListAuditQuery(Someone, "login_failed", Now.AddDays(-1), Now, 2, 50))),
        ["security: user sessions"] = m => Run(m.Send(new ListUserSessionsQuery(Something))),
        ["security: revoke user sessions"] = m => Run(m.Send(new RevokeUserSessionsCommand(Something))),
        ["security: kill session"] = m => Run(m.Send(new KillSessionCommand(Something))),
        ["security: revoke token"] = m => Run(m.Send(new RevokeTokenCommand("bm90IGEgcmVhbCByZWZyZXNoIHRva2VuIGF0IGFsbCEhIQ"))),
        ["security: kill switch"] = m => Run(m.Send(new RevokeAllCommand(Now.AddMinutes(-1)))),
        ["security: lock"] = m => Run(m.Send(new LockUserCommand(Something, Now.AddDays(1), "card testing"))),
        ["security: unlock"] = m => Run(m.Send(new UnlockUserCommand(Something))),
    };

    public static TheoryData<string> UseCaseNames => [.. UseCases.Keys];

    [Theory]
    [MemberData(nameof(UseCaseNames))]
    public async Task EveryUseCase_SendsSqlThatSqlServerParses(string useCase)
    {
        await using var offline = OfflineServices.Create();
        await using var scope = offline.Services.CreateAsyncScope();

        try
        {
            await UseCases[useCase](scope.ServiceProvider.GetRequiredService<IMediator>());
        }
        catch (Exception e) when (e is AppException or ValidationException or DomainException or DbUpdateException
            || (e is InvalidOperationException && e.Message == "Sequence contains no elements."))
        {
            // The offline server has no rows: a use case ends where it would answer 404, 409 or 400, or where
            // a COUNT reads no row. A query the provider cannot translate throws before any SQL and fails here.
        }

        Assert.NotEmpty(offline.Server.Commands);
        AssertParses(offline.Server.Commands);
    }

    [Fact]
    public async Task ADeepCataloguePage_SendsItsOffsetAsAParameter_SoEveryPageSharesOnePlan()
    {
        await using var offline = OfflineServices.Create();
        await using var scope = offline.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        await mediator.Send(new ListProductsQuery(40, 20, null, null, null, null, ProductSort.Price), TestContext.Current.CancellationToken);

        var page = Assert.Single(offline.Server.Commands, c => c.Contains("OFFSET", StringComparison.Ordinal));
        Assert.Matches(@"OFFSET @\w+ ROWS FETCH NEXT @\w+ ROWS ONLY", page);
    }

    [Theory]
    [InlineData(ProductSort.Name)]
    [InlineData(ProductSort.Price)]
    [InlineData(ProductSort.PriceDescending)]
    [InlineData(ProductSort.Newest)]
    public async Task ADeepPageFromAnAnchor_SendsSqlThatSqlServerParses(string sort)
    {
        await using var offline = OfflineServices.Create();
        await using var scope = offline.Services.CreateAsyncScope();
        var listings = scope.ServiceProvider.GetRequiredService<CatalogListingCache>();
        IReadOnlyList<CatalogAnchor> anchors =
        [
            new(Now, "a", 1m, 0, Guid.CreateVersion7()),
            new(Now.AddDays(-1), "Mug", 10m, 3, Guid.CreateVersion7()),
        ];
        await listings.AnchorsAsync(new CatalogListing(null, null, null, null, sort), () => Task.FromResult((anchors, 2 * CatalogListingCache.Step)), TestContext.Current.CancellationToken);

        await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new ListProductsQuery(CatalogListingCache.Step / 20 + 2, 20, null, null, null, null, sort), TestContext.Current.CancellationToken);

        var page = Assert.Single(offline.Server.Commands, c => c.Contains("OFFSET", StringComparison.Ordinal));
        Assert.Contains("@", page, StringComparison.Ordinal);
        AssertParses(offline.Server.Commands);
    }

    [Fact]
    public async Task CleanupSteps_SendSqlThatSqlServerParses()
    {
        await using var offline = OfflineServices.Create();
        await using var scope = offline.Services.CreateAsyncScope();

        foreach (var step in scope.ServiceProvider.GetServices<ICleanupStep>())
        {
            await step.DeleteBatchAsync(Now, 1000, TestContext.Current.CancellationToken);
        }

        Assert.NotEmpty(offline.Server.Commands);
        AssertParses(offline.Server.Commands);
    }

    [Fact]
    public async Task ANewDatabase_GetsRowVersioning_InAStatementSqlServerParses()
    {
        await using var offline = OfflineServices.Create();
        await using var scope = offline.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();

        await SqlServerDatabase.TurnOnRowVersioningAsync(db, TestContext.Current.CancellationToken);
        await SqlServerDatabase.HasRowVersioningAsync(db, TestContext.Current.CancellationToken);

        Assert.Contains(offline.Server.Commands, c => c.Contains("SET READ_COMMITTED_SNAPSHOT ON", StringComparison.Ordinal));
        AssertParses(offline.Server.Commands);
    }

    [Fact]
    public void TheIdempotentMigrationScript_ParsesAsTSql()
    {
        using var db = new ShopDbContext(ShopDbContextOptions.Build(DatabaseProvider.SqlServer, OfflineServices.ConnectionString));

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [users]", script, StringComparison.Ordinal);
        Assert.Contains("[normalized_email] nvarchar(254) COLLATE Latin1_General_100_BIN2", script, StringComparison.Ordinal);
        Assert.Contains("[token_hash] nvarchar(64) COLLATE Latin1_General_100_BIN2", script, StringComparison.Ordinal);
        Assert.Contains("[key] nvarchar(100) COLLATE Latin1_General_100_BIN2", script, StringComparison.Ordinal);
        AssertParses([script]);
    }

    [Fact]
    public void TheComposeInitScript_ParsesAsTSql()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Shop.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Shop.sln not found above the test's folder.");
        }

        var script = File.ReadAllText(Path.Combine(root.FullName, "deploy", "sqlserver-init.sql"));

        Assert.Contains("READ_COMMITTED_SNAPSHOT ON", script, StringComparison.Ordinal);
        AssertParses([script]);
    }

    [Fact]
    public void TheParser_RejectsSqlServerDoesNotSpeak()
    {
        // Proves the check can fail: PostgreSQL's LIMIT and a cut-off statement.
        Assert.NotEmpty(ParseErrors("SELECT [id] FROM [products] LIMIT 20"));
        Assert.NotEmpty(ParseErrors("UPDATE [products] SET"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void TheModel_HasNoChangesMissingFromTheMigrations(DatabaseProvider provider)
    {
        var connectionString = provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=:memory:",
            DatabaseProvider.Postgres => "Host=localhost;Database=shop;Username=shop;Password=offline",
            _ => OfflineServices.ConnectionString,
        };
        using var db = new ShopDbContext(ShopDbContextOptions.Build(provider, connectionString));

        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} model differs from its last migration: add a migration.");
    }

    private static void AssertParses(IEnumerable<string> commands)
    {
        foreach (var sql in commands)
        {
            var errors = ParseErrors(sql);
            Assert.True(errors.Count == 0, $"{string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}\n{sql}");
        }
    }

    private static IList<ParseError> ParseErrors(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }

    private static async ValueTask Run<T>(ValueTask<T> send) => await send;

    /// <summary>The application's services on the SqlServer provider, with the offline server behind them.</summary>
    private sealed class OfflineServices : IAsyncDisposable
    {
        public const string ConnectionString = "Server=offline.invalid;Database=shop;User Id=shop;Password=offline;TrustServerCertificate=true;Connect Timeout=1";

        private OfflineServices(ServiceProvider services, OfflineSqlServer server)
        {
            Services = services;
            Server = server;
        }

        public ServiceProvider Services { get; }

        public OfflineSqlServer Server { get; }

        public static OfflineServices Create()
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = nameof(DatabaseProvider.SqlServer),
                ["ConnectionStrings:Shop"] = ConnectionString,
                ["Jwt:SigningKey"] = "an offline signing key of at least thirty-two bytes",
                ["Cleanup:IntervalMinutes"] = "0",

                // The retrying strategy buffers every result set, which needs the columns of a real answer; the
                // offline server answers none. The statements sent are the same with it off.
                ["Database:EnableRetryOnFailure"] = "false",
            }).Build();
            var environment = new HostingEnvironment { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory };
            var server = new OfflineSqlServer();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddMetrics();
            services.AddMemoryCache();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddSingleton<IHostEnvironment>(environment);
            services.AddApplication();
            services.AddInfrastructure(configuration, environment);
            services.AddSingleton<ICurrentUser>(new Caller());
            services.AddSingleton<IPublicBaseUrl>(new StorefrontAddress());
            services.ConfigureDbContext<ShopDbContext>(o => o.AddInterceptors(server));
            return new OfflineServices(services.BuildServiceProvider(), server);
        }

        public ValueTask DisposeAsync() => Services.DisposeAsync();
    }

    private sealed class StorefrontAddress : IPublicBaseUrl
    {
        public string Value => "https://shop.test";
    }

    private sealed class Caller : ICurrentUser
    {
        public Guid? UserId { get; } = Someone;

        public Guid? SessionId { get; } = UuidV7.NewTimeLast(DateTimeOffset.UtcNow);

        public string? Ip => "192.0.2.1";

        public string? UserAgent => "offline";
    }
}
