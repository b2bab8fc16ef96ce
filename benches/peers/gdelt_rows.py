"""Writes N rows in GDELT 2.0's event layout (61 tab-separated columns, no header), the same
rows as benches/import.rs's gdelt_row, for the side-by-side figures of issue 10:

    python3 benches/peers/gdelt_rows.py 1000000 /tmp/fig/gdelt_1m.export.CSV
"""
import sys
n=int(sys.argv[1]); out=open(sys.argv[2],'w')
actors=["GOVERNMENT","POLICE","REBELS","PROTESTER","MILITARY","UNITED STATES"]
w=out.write
for i in range(n):
    root=["01","04","14","18","19"][i%5]
    lat=(i%1400)/10.0-70.0; lon=(i%3500)/10.0-175.0
    day=20200101+(i%28); a1=actors[i%6]; a2=actors[(i//7)%6]
    m=i%20+1; t=i%500; p=i%40; u=i//3; id_=900000000+i
    la=repr(float(lat)); lo=repr(float(lon))
    w(f"{id_}\t{day}\t202001\t2020\t2020.0027\tGOV\t{a1}\tUSA\t\t\t\t\tGOV\t\t\tREB\t{a2}\t\t\t\t\t\tREB\t\t\t1\t{root}0\t{root}0\t{root}\t4\t-10.0\t{m}\t1\t{m}\t-5.43\t4\tTown, Province, Country\tAF\tAF01\t\t{la}\t{lo}\t-3378435\t4\tTown, Province, Country\tAF\tAF01\t\t{la}\t{lo}\t-3378435\t4\tTown {t}, Province, Country\tAF\tAF{p:02}\t\t{la}\t{lo}\t-3378435\t{day}134500\thttps://news.example.com/2020/01/story-{u}.html\n")
