namespace Shop.Domain.Users;

public enum Role
{
    Customer = 0,
    Admin = 1,
    Ops = 2,
}

public static class Roles
{
    public const string Customer = "customer";
    public const string Admin = "admin";
    public const string Ops = "ops";

    public static string ToName(this Role role) => role switch
    {
        Role.Customer => Customer,
        Role.Admin => Admin,
        Role.Ops => Ops,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? name, out Role role)
    {
        switch (name)
        {
            case Customer: role = Role.Customer; return true;
            case Admin: role = Role.Admin; return true;
            case Ops: role = Role.Ops; return true;
            default: role = default; return false;
        }
    }
}
