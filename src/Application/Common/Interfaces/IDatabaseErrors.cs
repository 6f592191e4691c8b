namespace Shop.Application.Common.Interfaces;

/// <summary>What a database failure means, without naming a provider or its error numbers.</summary>
public enum DatabaseFailure
{
    /// <summary>Not a database failure this port recognises: a defect, a 500.</summary>
    None,

    /// <summary>The database cannot be reached or used right now (down, pool exhausted, log or disk full, out of memory): 503, retry.</summary>
    Unavailable,

    /// <summary>The request carried a value the database cannot store (a NUL, a string or number out of range): 400.</summary>
    UnstorableValue,

    /// <summary>A unique index or primary key refused the row: another request stored the same key first.</summary>
    DuplicateKey,

    /// <summary>Another constraint (a foreign key, a check) refused the row.</summary>
    ConstraintViolation,
}

/// <summary>Classifies database exceptions for every provider; implemented in Infrastructure.</summary>
public interface IDatabaseErrors
{
    DatabaseFailure Classify(Exception exception);
}

public static class DatabaseErrorsExtensions
{
    public static bool IsDuplicateKey(this IDatabaseErrors errors, Exception exception) =>
        errors.Classify(exception) == DatabaseFailure.DuplicateKey;
}
