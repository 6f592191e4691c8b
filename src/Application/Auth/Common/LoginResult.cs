namespace Shop.Application.Auth.Common;

/// <summary>A login answers with tokens, or, for an account with a second factor, with an <c>mfa_token</c>.</summary>
public sealed record LoginResult(TokenPair? Tokens, MfaRequiredResponse? Mfa)
{
    public static LoginResult Issued(TokenPair tokens) => new(tokens, null);

    public static LoginResult NeedsSecondFactor(string mfaToken, TimeSpan lifetime) =>
        new(null, new MfaRequiredResponse(true, mfaToken, (int)lifetime.TotalSeconds));
}

/// <summary><c>{"mfa_required": true, "mfa_token": "…", "mfa_token_expires_in": 300}</c></summary>
public sealed record MfaRequiredResponse(bool MfaRequired, string MfaToken, int MfaTokenExpiresIn);
