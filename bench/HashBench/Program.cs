using System.Diagnostics;
using System.Globalization;
using Shop.Application.Common.Interfaces;
using Shop.Infrastructure.Security;

// What the password hash alone allows on these cores: the same IdentityPasswordHasher the API uses
// for login (PBKDF2-HMAC-SHA512, 220,000 iterations), verified on N threads for a few seconds.
//
//   HashBench [--threads N] [--seconds S]   prints "threads=N seconds=S hashes=H hashes_per_second=R"
//   HashBench --hash PASSWORD               prints one hash of PASSWORD (to seed many users with it)
var threads = Environment.ProcessorCount;
var seconds = 5.0;
string? hashOf = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--threads":
            threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--seconds":
            seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--hash":
            hashOf = args[++i];
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: HashBench [--threads N] [--seconds S] | --hash PASSWORD");
            return 2;
    }
}

var hasher = new IdentityPasswordHasher();
if (hashOf is not null)
{
    Console.WriteLine(hasher.Hash(hashOf));
    return 0;
}

const string password = "bench password 1234";
var hash = hasher.Hash(password);
if (hasher.Verify(hash, password) != PasswordCheck.Success)
{
    Console.Error.WriteLine("The hasher does not verify its own hash.");
    return 1;
}

// One warm-up verification per thread, then count whole verifications finished inside the window.
var deadline = TimeSpan.FromSeconds(seconds);
var counts = new long[threads];
using var start = new Barrier(threads + 1);
var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
{
    hasher.Verify(hash, password);
    start.SignalAndWait();
    var clock = Stopwatch.StartNew();
    long done = 0;
    while (clock.Elapsed < deadline)
    {
        hasher.Verify(hash, password);
        done++;
    }

    counts[t] = done;
}) { IsBackground = true }).ToList();

workers.ForEach(w => w.Start());
start.SignalAndWait();
var wall = Stopwatch.StartNew();
workers.ForEach(w => w.Join());
wall.Stop();

var total = counts.Sum();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"threads={threads} seconds={wall.Elapsed.TotalSeconds:F2} hashes={total} hashes_per_second={total / wall.Elapsed.TotalSeconds:F2}"));
return 0;
