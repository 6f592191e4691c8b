using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Options;

namespace Shop.Infrastructure.Redis;

/// <summary>The <c>Redis</c> section. Without <see cref="Configuration"/> the API runs without Redis.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis:6379,password=…,ssl=false</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>The pub/sub channel that carries revocations between the API instances.</summary>
    public string Channel { get; set; } = "shop:revocations";

    /// <summary>The pub/sub channel on which instances tell each other that the catalogue changed.</summary>
    public string CatalogChannel { get; set; } = "shop:catalog";

    /// <summary>The key prefix of the distributed cache (login throttle counters and the like).</summary>
    public string InstanceName { get; set; } = "shop:";

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(Section)[nameof(Configuration)]);
}

public sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options) =>
        new OptionErrors(RedisOptions.Section)
            .Required(nameof(RedisOptions.Channel), options.Channel)
            .Required(nameof(RedisOptions.CatalogChannel), options.CatalogChannel)
            .Required(nameof(RedisOptions.InstanceName), options.InstanceName)
            .Result();
}
