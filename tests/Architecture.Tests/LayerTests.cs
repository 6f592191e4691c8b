using NetArchTest.Rules;

namespace Shop.Architecture.Tests;

public sealed class LayerTests
{
    private const string Domain = "Shop.Domain";
    private const string Application = "Shop.Application";
    private const string Infrastructure = "Shop.Infrastructure";
    private const string WebApi = "Shop.WebApi";

    [Fact]
    public void Domain_DependsOnNoOtherLayer_AndNoFramework()
    {
        var result = Types.InAssembly(typeof(Shop.Domain.Users.User).Assembly)
            .ShouldNot()
            .HaveDependencyOnAny(Application, Infrastructure, WebApi, "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore")
            .GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Application_DependsOnNeitherInfrastructureNorWebApi()
    {
        var result = Types.InAssembly(typeof(Shop.Application.DependencyInjection).Assembly)
            .ShouldNot()
            .HaveDependencyOnAny(Infrastructure, WebApi, "Microsoft.AspNetCore")
            .GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Infrastructure_DoesNotDependOnWebApi()
    {
        var result = Types.InAssembly(typeof(Shop.Infrastructure.DependencyInjection).Assembly)
            .ShouldNot()
            .HaveDependencyOn(WebApi)
            .GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void TheRulesSeeADependencyWhereThereIsOne()
    {
        // Guards the tests above against passing vacuously: WebApi does depend on Application.
        var result = Types.InAssembly(typeof(Shop.WebApi.DependencyInjection).Assembly)
            .ShouldNot()
            .HaveDependencyOn(Application)
            .GetResult();

        Assert.False(result.IsSuccessful);
    }

    private static string Describe(NetArchTest.Rules.TestResult result) =>
        "Offending types: " + string.Join(", ", result.FailingTypeNames ?? []);
}
