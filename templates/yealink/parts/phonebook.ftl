<#if phonebook??>
## --- company phonebook: this server's remote phonebook, fetched with this device's own credentials ---
## remote_phonebook.data.1.* and features.remote_phonebook.* (vendor-formats 1.3); username/password since V84
## (wazo-provd-plugins Yealink V84 base.tpl, "##V84 ADD"); flash_time in seconds.
features.remote_phonebook.enable = 1
remote_phonebook.data.1.name = ${phonebook.title}
<#-- username/password keys: documented for the desk phones only (Wazo V84+ base.tpl; no DECT template writes them).
     The DECT bases carry the same credentials as the URL's user info instead, the form FusionPBX's W52P, W60B, W70B
     and W7xP templates write (remote_phonebook.data.1.url = https://user:password@host/...); URL-encoded, so
     nothing in them can end the line. flash_time: not documented for the single-cell DECT bases (family dect). -->
<#if model.dect>
remote_phonebook.data.1.url = ${phonebook.url?replace("://", "://" + provisioning.username?url("UTF-8") + ":" + provisioning.password?url("UTF-8") + "@", "f")}
<#else>
remote_phonebook.data.1.url = ${phonebook.url}
remote_phonebook.data.1.username = ${provisioning.username}
remote_phonebook.data.1.password = ${provisioning.password}
</#if>
<#if model.family != "dect">
features.remote_phonebook.flash_time = ${(phonebook.refresh_minutes * 60)?c}
</#if>
</#if>
