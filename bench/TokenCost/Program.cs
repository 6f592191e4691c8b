using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Shop.Bench.TokenCost;

/// <summary>
/// What a bearer token costs a request, in microseconds, without a network or a second process in the way: the
/// API runs in this process (TestServer, its whole pipeline and handlers, Production settings, its own SQLite
/// file with the sample catalogue), and one caller sends the same request anonymously and with a customer's
/// access token, in alternating blocks (the side that goes first alternating), many rounds. On a shared two-core
/// machine a wrk run moves a ratio of identical requests by up to ±10 %; here the standard error of the token's
/// cost is a fraction of a microsecond, so it tells a cost of the token apart from the machine's load.
///
///   dotnet TokenCost.dll [--rounds 200] [--block-ms 40] [--compare-handlers]   (from its own folder: it finds the API there)
///
/// Prints one line per route: "route=... anonymous_us=... bearer_us=... token_us=... token_se_us=... ratio=..."
/// (ratio = anonymous ÷ bearer time per request, as throughputs compare), then a Markdown table. With
/// --compare-handlers, GET /health/live again in a fresh API for each other handler of the bearer scheme
/// (<see cref="BearerHandler"/>), each a line "handler=... route=..." and a row of a second table.
/// </summary>
public static class Runner
{
    private const string Password = "token-cost-password-1234";

    public static async Task<int> Main(string[] args)
    {
        var rounds = Option(args, "--rounds", 200);
        var blockMilliseconds = Option(args, "--block-ms", 40);
        var compareHandlers = args.Contains("--compare-handlers");
        var folder = Directory.CreateTempSubdirectory("shop-token-cost-");
        try
        {
            var live = new Route("GET /health/live (no work)", _ => "/health/live");
            var routes = new[]
            {
                live,
                new Route("GET /health/ready (one database round trip)", _ => "/health/ready"),
                // A different max_price every request, above every price of the sample catalogue: each request
                // misses the output cache and reads the same first page from the database.
                new Route("GET /api/v1/products, cache miss", i => FormattableString.Invariant(
                    $"/api/v1/products?page=1&page_size=20&max_price={1000 + (i % 90_000_000) / 100m:F2}")),
            };

            var results = await MeasureAsync(Path.Combine(folder.FullName, "shop.db"), BearerHandler.Api, routes, rounds, blockMilliseconds);
            foreach (var r in results)
            {
                Console.WriteLine(r.Line());
            }

            // The same route and pipeline with the bearer scheme's handler swapped: what the framework's handler costs
            // without the API's shortcut, and the least any handler can cost behind UseAuthentication.
            var handlers = new List<Result>();
            if (compareHandlers)
            {
                foreach (var handler in new[] { BearerHandler.Framework, BearerHandler.Floor })
                {
                    var database = Path.Combine(folder.FullName, $"shop-{handler}.db");
                    var result = (await MeasureAsync(database, handler, [live], rounds, blockMilliseconds))[0];
                    Console.WriteLine($"handler={handler} {result.Line()}");
                    handlers.Add(result);
                }
            }

            Console.WriteLine();
            Console.WriteLine($"In-process, one caller, {rounds} rounds a route, each side a block of about {blockMilliseconds} ms:");
            Console.WriteLine();
            Console.WriteLine("| route | anonymous µs | bearer µs | the token µs (± s.e.) | anonymous ÷ bearer |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var r in results)
            {
                Console.WriteLine(r.Row(r.Route));
            }

            if (handlers.Count > 0)
            {
                Console.WriteLine();
                Console.WriteLine($"{live.Name}, the same pipeline with another handler for the bearer scheme (a fresh API each, {rounds} rounds):");
                Console.WriteLine();
                Console.WriteLine("| bearer handler | anonymous µs | bearer µs | the token µs (± s.e.) | anonymous ÷ bearer |");
                Console.WriteLine("|---|---:|---:|---:|---:|");
                Console.WriteLine(results[0].Row("the API's (`RememberedBearerHandler`, above)"));
                Console.WriteLine(handlers[0].Row("`JwtBearerHandler` as the framework ships it (full validation every request; the API's events)"));
                Console.WriteLine(handlers[1].Row("a handler that validates nothing and answers a ready ticket (the framework's floor)"));
            }

            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A fresh API on its own database, <paramref name="handler"/> for its bearer scheme, each route measured in turn.</summary>
    private static async Task<List<Result>> MeasureAsync(string database, BearerHandler handler, Route[] routes, int rounds, int blockMilliseconds)
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Production");
            foreach (var (key, value) in Settings(database))
            {
                host.UseSetting(key, value);
            }

            host.ConfigureTestServices(services => BearerHandlers.Use(services, handler));
        });
        var tokens = await AccessTokensAsync(factory.CreateClient(), 50);
        var results = new List<Result>();
        foreach (var route in routes)
        {
            var caller = new Caller(factory.Server, route, tokens);
            await caller.WarmAsync(TimeSpan.FromSeconds(3)); // past the JIT's tiers
            // As many requests a block as take about --block-ms, so every route gets the same time.
            var block = Math.Max(10, (int)(blockMilliseconds * 1000 / await caller.TimeAsync(200, bearer: false)));
            var anonymous = new List<double>();
            var bearer = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                if (round % 2 == 0)
                {
                    anonymous.Add(await caller.TimeAsync(block, bearer: false));
                    bearer.Add(await caller.TimeAsync(block, bearer: true));
                }
                else
                {
                    bearer.Add(await caller.TimeAsync(block, bearer: true));
                    anonymous.Add(await caller.TimeAsync(block, bearer: false));
                }
            }

            results.Add(Result.Of(route.Name, block, anonymous, bearer));
        }

        return results;
    }

    private static Dictionary<string, string?> Settings(string database) => new()
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Shop"] = $"Data Source={database}",
        ["Jwt:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        ["Seed:AdminEmail"] = "admin@token-cost.local",
        ["Seed:AdminPassword"] = "token-cost-admin-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
        ["Seed:SampleCatalog"] = "true",
        ["App:PublicBaseUrl"] = "http://127.0.0.1",
        ["Auth:RequireMfaForRoles"] = "",
        ["RateLimit:AuthPerIpPerMinute"] = "1000000",
        ["Serilog:MinimumLevel:Default"] = "Warning",
        ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",
    };

    /// <summary>One customer, logged in <paramref name="count"/> times: as many sessions and access tokens, used in turn.</summary>
    private static async Task<string[]> AccessTokensAsync(HttpClient client, int count)
    {
        const string email = "customer@token-cost.local";
        var registered = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = Password, full_name = "Token Cost" });
        registered.EnsureSuccessStatusCode();
        var tokens = new string[count];
        for (var i = 0; i < count; i++)
        {
            var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
            login.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
            tokens[i] = body.RootElement.GetProperty("access_token").GetString()!;
        }

        return tokens;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record Route(string Name, Func<long, string> Path);

    private sealed class Caller(TestServer server, Route route, string[] tokens)
    {
        private int _token;
        private long _sequence; // each request's number: the product list's max_price is made of it

        public async Task WarmAsync(TimeSpan time)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; Stopwatch.GetElapsedTime(started) < time; i++)
            {
                await SendAsync(i % 2 == 0);
            }
        }

        /// <summary>Microseconds per request over <paramref name="count"/> requests.</summary>
        public async Task<double> TimeAsync(int count, bool bearer)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                await SendAsync(bearer);
            }

            return Stopwatch.GetElapsedTime(started).TotalMicroseconds / count;
        }

        private async Task SendAsync(bool bearer)
        {
            var pathAndQuery = route.Path(_sequence++);
            var authorization = bearer ? "Bearer " + tokens[_token++ % tokens.Length] : null;
            var context = await server.SendAsync(c =>
            {
                var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
                c.Request.Method = "GET";
                c.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
                c.Request.QueryString = query < 0 ? default : new(pathAndQuery[query..]);
                c.Request.Headers.Accept = "application/json";
                if (authorization is not null)
                {
                    c.Request.Headers.Authorization = authorization;
                }
            });
            if (context.Response.StatusCode != 200)
            {
                throw new InvalidOperationException($"{pathAndQuery} answered {context.Response.StatusCode} ({(bearer ? "bearer" : "anonymous")})");
            }
        }
    }

    private sealed record Result(string Route, int Block, double Anonymous, double Bearer, double Token, double TokenError, double Ratio)
    {
        /// <summary>The token's cost is the mean of the rounds' differences, so each round's own load cancels out.</summary>
        public static Result Of(string route, int block, List<double> anonymous, List<double> bearer)
        {
            var differences = bearer.Zip(anonymous, (b, a) => b - a).ToList();
            var mean = differences.Average();
            var variance = differences.Sum(d => (d - mean) * (d - mean)) / (differences.Count - 1);
            return new(route, block, anonymous.Average(), bearer.Average(), mean, Math.Sqrt(variance / differences.Count),
                anonymous.Average() / bearer.Average());
        }

        public string Line() => FormattableString.Invariant(
            $"route={Route.Replace(' ', '_')} block={Block} anonymous_us={Anonymous:F2} bearer_us={Bearer:F2} token_us={Token:F2} token_se_us={TokenError:F2} ratio={Ratio:F3}");

        public string Row(string name) => FormattableString.Invariant(
            $"| {name} | {Anonymous:F2} | {Bearer:F2} | {Token:F2} ± {TokenError:F2} | {Ratio:F3} |");
    }
}
