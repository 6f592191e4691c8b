namespace Shop.Domain.Common;

/// <summary>A business rule was broken (a bad state transition, a consumed token used again...).
/// The API answers these with 409 Conflict.</summary>
public class DomainException(string message) : Exception(message);
