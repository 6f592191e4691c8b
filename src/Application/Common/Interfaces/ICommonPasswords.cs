namespace Shop.Application.Common.Interfaces;

/// <summary>The passwords attackers try first; a new password on this list is refused (NIST SP 800-63B §5.1.1.2).</summary>
public interface ICommonPasswords
{
    /// <summary>True when <paramref name="password"/> is on the list (compared without regard to case).</summary>
    bool IsCommon(string password);
}
