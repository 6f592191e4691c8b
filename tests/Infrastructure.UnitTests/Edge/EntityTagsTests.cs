using Microsoft.AspNetCore.Http;
using Shop.Application.Common;
using Shop.WebApi.Infrastructure;

namespace Shop.Infrastructure.UnitTests.Edge;

public sealed class EntityTagsTests
{
    private static readonly Guid Version = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");

    private static IfMatch? Parse(params string[] values)
    {
        var context = new DefaultHttpContext();
        if (values.Length > 0)
        {
            context.Request.Headers.IfMatch = values;
        }

        return EntityTags.ParseIfMatch(context.Request);
    }

    [Fact]
    public void NoIfMatch_IsNull_SoTheApiCanAnswer428()
    {
        Assert.Null(Parse());
        Assert.Null(Parse("  "));
    }

    [Theory]
    [InlineData("\"0193a1b2-0000-7000-8000-000000000001\"", true)]
    [InlineData("0193a1b2-0000-7000-8000-000000000001", true)] // typed without its quotes
    [InlineData("\"other\", \"0193a1b2-0000-7000-8000-000000000001\"", true)] // one of a list
    [InlineData("*", true)]
    [InlineData("W/\"0193a1b2-0000-7000-8000-000000000001\"", false)] // weak tags never match If-Match
    [InlineData("\"0193a1b2-0000-7000-8000-000000000002\"", false)]
    public void IfMatch_MatchesTheCurrentVersionOnly(string header, bool matches) =>
        Assert.Equal(matches, Parse(header)!.Matches(Version));

    [Fact]
    public void TheETag_IsTheQuotedVersion_AndMatchesItself()
    {
        var context = new DefaultHttpContext();
        context.Response.SetETag(Version);

        Assert.Equal("\"0193a1b2-0000-7000-8000-000000000001\"", context.Response.Headers.ETag.ToString());
        Assert.True(Parse(context.Response.Headers.ETag.ToString())!.Matches(Version));
    }
}
