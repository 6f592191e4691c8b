using Shop.Application.Common;

namespace Shop.Infrastructure.UnitTests.Edge;

public sealed class TextSearchTests
{
    [Theory]
    [InlineData("Mug", "%mug%")]
    [InlineData("  50%_off ", "%50\\%\\_off%")] // LIKE's wildcards are searched for, not obeyed
    [InlineData("a\\b", "%a\\\\b%")] // the escape character itself
    [InlineData("[abc]", "%\\[abc]%")] // a character class on SQL Server
    [InlineData("'; DROP TABLE products; --", "%'; drop table products; --%")] // a parameter, so only text
    public void ContainsPattern_MatchesTheTextLiterally(string text, string pattern) =>
        Assert.Equal(pattern, TextSearch.ContainsPattern(text));
}
