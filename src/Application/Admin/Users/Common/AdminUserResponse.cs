namespace Shop.Application.Admin.Users.Common;

public sealed record AdminUserResponse(Guid Id, string Email, string FullName, string Role, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt);
