namespace Shop.Domain.Common;

/// <summary>A business rule was broken by the state of things (a bad state transition, a consumed token used
/// again...). The API answers these with 409 Conflict.</summary>
public class DomainException(string message) : Exception(message);

/// <summary>A value given to an entity is outside what it accepts (a price with three decimals, a quantity of
/// 0, a lock that ends in the past): bad input, which the API answers with 400 and the field in <c>errors</c>.</summary>
/// <param name="field">The field as the API names it (snake_case).</param>
public sealed class InvalidValueException(string field, string message) : DomainException(message)
{
    public string Field { get; } = field;
}
