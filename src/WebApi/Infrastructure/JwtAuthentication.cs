using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Shop.Application.Common.Interfaces;
using Shop.Application.Common.Options;
using Shop.Infrastructure.Security;

namespace Shop.WebApi.Infrastructure;

public static class JwtAuthentication
{
    /// <summary>In Development without a signing key, a random one is made for this run. Elsewhere a missing or
    /// weak key stops the API at start (<see cref="JwtOptionsValidator"/>).</summary>
    public static void UseRandomSigningKeyInDevelopment(WebApplicationBuilder builder)
    {
        var jwt = builder.Configuration.GetSection(JwtOptions.Section);
        var hasKey = !string.IsNullOrWhiteSpace(jwt["SigningKey"])
            || jwt.GetSection("SigningKeys").GetChildren().Any(k => !string.IsNullOrWhiteSpace(k["Key"]));
        if (hasKey || !builder.Environment.IsDevelopment())
        {
            return;
        }

        builder.Configuration["Jwt:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        Console.WriteLine("  Jwt:SigningKey is not set: using a random key for this run (Development only); tokens end with the process.");
    }

    public static IServiceCollection AddJwtAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // The scheme's handler is JwtBearerHandler with the shortcut for tokens validated before.
        services.Configure<AuthenticationOptions>(options =>
            options.SchemeMap[JwtBearerDefaults.AuthenticationScheme].HandlerType = typeof(RememberedBearerHandler));
        services.AddTransient<RememberedBearerHandler>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeys, IOptions<JwtOptions>, TimeProvider, IAccessTokenRevocationCheck>((options, keys, jwt, time, revocations) =>
            {
                options.MapInboundClaims = false;
                options.SaveToken = false; // nothing reads the token back from the ticket: no copy of it per request
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new RememberingTokenHandler { MapInboundClaims = false }); // with StrictJwt
                options.TokenValidationParameters = JwtAccessTokenIssuer.ValidationParameters(keys, jwt.Value, time);
                options.Events = new JwtBearerEvents
                {
                    // Only the Authorization header is read: never a query string or cookie (no OnMessageReceived;
                    // RememberedBearerHandler's shortcut skips that event). Revocation is checked here on every
                    // request, a token the handler remembers included.
                    OnTokenValidated = context =>
                    {
                        if (AccessTokenClaims.Session(context.Principal!) is not { } session)
                        {
                            context.Fail("The token lacks a required claim.");
                            return Task.CompletedTask;
                        }

                        if (revocations.IsRevoked(session.SessionId, session.UserId))
                        {
                            context.Fail("The token has been revoked.");
                        }

                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
                            context.AuthenticateFailure is null
                                ? "A valid bearer access token is required."
                                : "The access token is invalid, expired or revoked.");
                    },
                    OnForbidden = context =>
                        WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden,
                            "Your role does not allow this operation."),
                };
            });
        return services;
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string detail) =>
        Problems.WriteAsync(context, status, detail).AsTask();
}
