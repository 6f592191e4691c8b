namespace Shop.Application.Common.Interfaces;

public enum PasswordCheck
{
    Failed,
    Success,
    SuccessRehashNeeded,
}

public interface IPasswordHashing
{
    string Hash(string password);

    PasswordCheck Verify(string hash, string password);

    /// <summary>Spends the same work as <see cref="Verify"/> against a dummy hash, so an unknown
    /// email takes as long to refuse as a wrong password.</summary>
    void VerifyDummy(string password);
}
