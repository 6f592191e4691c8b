using System.Text.Json;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Shop.Application.Auth.Common;
using Shop.Application.Common.Behaviours;
using Shop.Application.Common.UnitOfWork;

namespace Shop.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>), typeof(UnitOfWorkBehaviour<,>)];
        });

        // Error keys and messages name fields as the API does (snake_case).
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);

        services.AddScoped<SessionRevoker>();
        services.AddScoped<TokenPairIssuer>();
        services.AddScoped<AccountEmails>();
        services.AddScoped<Auth.Mfa.RecoveryCodes>();
        return services;
    }
}
