using System.Reflection;
using FluentValidation;
using Mediator;
using NetArchTest.Rules;
using Shop.Application.Common.UnitOfWork;

namespace Shop.Architecture.Tests;

/// <summary>The house conventions a reviewer would otherwise have to remember.</summary>
public sealed class ConventionTests
{
    private static readonly Assembly Domain = typeof(Shop.Domain.Users.User).Assembly;
    private static readonly Assembly Application = typeof(Shop.Application.DependencyInjection).Assembly;

    [Fact]
    public void Application_OpensNoTransaction_AndReachesNoChangeTracker()
    {
        // Transactions are the unit of work's (IUnitOfWork, in Infrastructure); handlers stage and save.
        var result = Types.InAssembly(Application)
            .ShouldNot()
            .HaveDependencyOnAny("Microsoft.EntityFrameworkCore.Storage", "Microsoft.EntityFrameworkCore.ChangeTracking")
            .GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void DomainEntities_HaveNoPublicSetters()
    {
        var offenders = Domain.GetTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(p => p.SetMethod is { IsPublic: true } && !IsInitOnly(p))
                .Select(p => $"{t.Name}.{p.Name}"))
            .ToList();

        Assert.True(offenders.Count == 0, "Public setters: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Handlers_AreSealed_AndNamedAfterTheirMessage()
    {
        var handlers = Application.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && HandledMessage(t) is not null)
            .ToList();
        Assert.NotEmpty(handlers);

        var offenders = handlers
            .Where(t => !t.IsSealed || t.Name != HandledMessage(t)!.Name + "Handler")
            .Select(t => t.FullName)
            .ToList();

        Assert.True(offenders.Count == 0, "Handlers not sealed or not named <Message>Handler: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Validators_AreNamedAfterTheirMessage_AndSitInItsFolder()
    {
        var validators = Application.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && ValidatedType(t) is not null)
            .ToList();
        Assert.NotEmpty(validators);

        var offenders = validators
            .Where(t => t.Name != ValidatedType(t)!.Name + "Validator" || t.Namespace != ValidatedType(t)!.Namespace)
            .Select(t => t.FullName)
            .ToList();

        Assert.True(offenders.Count == 0, "Validators not named <Message>Validator beside their message: " + string.Join(", ", offenders));
    }

    [Fact]
    public void EveryValidator_HasAFileOfItsOwn_BesideItsMessage()
    {
        // One place for validators: XValidator.cs next to X.cs, never inline in the command's file.
        var application = Path.Combine(RepositoryRoot(), "src", "Application");
        var offenders = Directory.EnumerateFiles(application, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains(": AbstractValidator<", StringComparison.Ordinal) && !f.EndsWith("Validator.cs", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(application, f))
            .ToList();

        Assert.True(offenders.Count == 0, "Validators inline in another file: " + string.Join(", ", offenders));
    }

    [Fact]
    public void EveryOptOutOfTheUnitOfWork_SaysWhy()
    {
        var optedOut = Application.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<OwnUnitOfWorkAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();

        Assert.NotEmpty(optedOut);
        Assert.All(optedOut, x =>
        {
            Assert.True(typeof(IBaseCommand).IsAssignableFrom(x.Type), $"{x.Type.Name} is not a command");
            Assert.False(string.IsNullOrWhiteSpace(x.Attribute!.Why), $"{x.Type.Name} opts out without a reason");
        });
    }

    [Fact]
    public void UseCases_LiveInAFolderNamedAfterThem()
    {
        // Shop.Application.Auth.Login.LoginCommand: the folder (last namespace part) names the use case.
        var offenders = Application.GetTypes()
            .Where(t => typeof(IBaseCommand).IsAssignableFrom(t) || typeof(IBaseQuery).IsAssignableFrom(t))
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .Where(t => !t.Name.StartsWith(t.Namespace!.Split('.')[^1], StringComparison.Ordinal))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(offenders.Count == 0, "Messages outside a folder of their name: " + string.Join(", ", offenders));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Shop.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Shop.sln not found above " + AppContext.BaseDirectory);
    }

    private static Type? HandledMessage(Type type) =>
        type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d
                && (d == typeof(ICommandHandler<,>) || d == typeof(ICommandHandler<>) || d == typeof(IQueryHandler<,>)))
            .Select(i => i.GetGenericArguments()[0])
            .FirstOrDefault();

    private static Type? ValidatedType(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(AbstractValidator<>))
            {
                return t.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static bool IsInitOnly(PropertyInfo property) =>
        property.SetMethod!.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");

    private static string Describe(NetArchTest.Rules.TestResult result) =>
        "Offending types: " + string.Join(", ", result.FailingTypeNames ?? []);
}
