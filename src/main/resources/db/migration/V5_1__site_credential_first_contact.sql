-- The site credential (what an RPS or DHCP URL carries) is a first-contact credential: once a
-- device has proved itself with something only it holds (its own digest credentials, which its
-- first config gave it, or a client certificate naming its MAC), the site credential no longer
-- opens that MAC. A technician re-arms a device that was reset to factory settings.
--
-- own_credentials_since: when the device first proved itself on its own since import or its last
--   re-arm; set = the site credential is retired for this MAC.
-- rearmed_until: a re-arm with an expiry: past this instant the site credential is retired again
--   even if the device never came back (null: the re-arm lasts until the device proves itself).
ALTER TABLE devices ADD COLUMN own_credentials_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE devices ADD COLUMN rearmed_until TIMESTAMP WITH TIME ZONE;
-- Devices that already use their own credentials are provisioned from the upgrade on.
UPDATE devices SET own_credentials_since = prov_password_used_at WHERE prov_password_used_at IS NOT NULL;
