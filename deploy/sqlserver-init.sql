-- Run once by the compose service "sqlserver-init" (sqlcmd, as sa) before the API starts; safe to repeat.
-- The API connects as the login "shop", which owns the shop database and nothing else on the server.
-- sqlcmd variable: SHOP_PASSWORD (from the shop_db_password secret).

IF DB_ID(N'shop') IS NULL
    CREATE DATABASE [shop];
GO

-- Row versioning for READ COMMITTED: catalogue reads see the last committed row instead of waiting behind a
-- checkout's row locks (docs/decisions/023-sql-server-isolation-keys-and-collations.md). Only when off: switching it needs the database to itself.
IF (SELECT is_read_committed_snapshot_on FROM sys.databases WHERE name = N'shop') = 0
    ALTER DATABASE [shop] SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE;
GO

IF SUSER_ID(N'shop') IS NULL
    CREATE LOGIN [shop] WITH PASSWORD = N'$(SHOP_PASSWORD)', DEFAULT_DATABASE = [shop], CHECK_POLICY = ON;
ELSE
    ALTER LOGIN [shop] WITH PASSWORD = N'$(SHOP_PASSWORD)';
GO

USE [shop];
GO

IF USER_ID(N'shop') IS NULL
    CREATE USER [shop] FOR LOGIN [shop];
ALTER ROLE [db_owner] ADD MEMBER [shop];
GO
