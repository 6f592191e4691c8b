namespace Shop.Application.Security.Common;

/// <summary>How many sessions an ops action ended.</summary>
public sealed record RevokedResponse(int Revoked);
