import json, sys
from layer import D, L, write
# The nginx.org package's files and the official image's own (the package's sizes are estimates of the 1.29
# mainline package); the entrypoint scripts the Dockerfile copies are a layer of their own (nginx-entrypoint.py).
pk = json.load(open(sys.argv[1]))
F = lambda size, mode=0o644, uid=0, gid=0: dict(type='f', size=size, mode=mode, uid=uid, gid=gid)
n = {
 '/etc/nginx': D(), '/etc/nginx/conf.d': D(), '/etc/nginx/conf.d/default.conf': F(1093),
 '/etc/nginx/fastcgi_params': F(1007), '/etc/nginx/mime.types': F(5349), '/etc/nginx/modules': L('../../usr/lib/nginx/modules'),
 '/etc/nginx/nginx.conf': F(644), '/etc/nginx/scgi_params': F(636), '/etc/nginx/uwsgi_params': F(664),
 '/etc/default': D(), '/etc/default/nginx': F(270), '/etc/default/nginx-debug': F(296),
 '/etc/init.d': D(), '/etc/init.d/nginx': F(4579, 0o755), '/etc/init.d/nginx-debug': F(4605, 0o755),
 '/etc/logrotate.d': D(), '/etc/logrotate.d/nginx': F(351),
 '/usr/sbin/nginx': F(1562008, 0o755), '/usr/sbin/nginx-debug': F(1612720, 0o755),
 '/usr/lib/nginx': D(), '/usr/lib/nginx/modules': D(),
 '/usr/share/nginx': D(), '/usr/share/nginx/html': D(), '/usr/share/nginx/html/50x.html': F(497), '/usr/share/nginx/html/index.html': F(615),
 '/usr/share/doc/nginx': D(), '/usr/share/doc/nginx/copyright': F(1435),
 '/var/cache/nginx': D(), '/var/log/nginx': D(),
 '/var/log/nginx/access.log': L('/dev/stdout'), '/var/log/nginx/error.log': L('/dev/stderr'),
}
for m, s in [('ngx_http_geoip_module', 23608), ('ngx_http_image_filter_module', 27872), ('ngx_http_js_module', 1160592), ('ngx_http_xslt_filter_module', 27960), ('ngx_stream_geoip_module', 19392), ('ngx_stream_js_module', 1107120)]:
    n[f'/usr/lib/nginx/modules/{m}.so'] = F(s)
    n[f'/usr/lib/nginx/modules/{m}-debug.so'] = F(s + s // 12)
write(pk, n)
