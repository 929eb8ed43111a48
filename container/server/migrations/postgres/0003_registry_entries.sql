-- What pages get for a live deployment: its remote-map entry (version, bases,
-- contract, exposed modules, files with integrity), frozen when it went live, so
-- a version folder changed afterwards cannot change what pages load.
ALTER TABLE remote_deployments ADD COLUMN entry TEXT NOT NULL DEFAULT '';
