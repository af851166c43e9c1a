"""The demo portal's content: a fictional town, thị xã An Hòa of tỉnh Bình Giang.

Data only. Everything here was written for this product; the places, people and agencies
are invented. Long text sits in triple-quoted strings wrapped to the line limit: the loader
collapses white space, and a blank line in a body separates two HTML blocks.

Articles: ``days_ago`` places publication in the past (a negative value schedules it in the
future), ``hour`` is the local hour of publication, ``image`` names an illustration of
cms/demo/images.py (served at /media/demo/<image>.jpg).
"""

SETTINGS = {
    "portal_name": "Cổng thông tin điện tử thị xã An Hòa",
    "tagline": "Thông tin chính thống của chính quyền thị xã An Hòa, tỉnh Bình Giang",
    "agency_name": "Ủy ban nhân dân thị xã An Hòa",
    "responsible_person": "Ông Lê Minh Đức – Chánh Văn phòng HĐND và UBND thị xã",
    "license_info": (
        "Giấy phép số 25/GP-TTĐT do Sở Thông tin và Truyền thông tỉnh Bình Giang cấp ngày 15/3/2021"
    ),
    "address": "Số 1 đường Trần Hưng Đạo, phường An Phú, thị xã An Hòa, tỉnh Bình Giang",
    "phone": "0200 3 812 345",
    "fax": "0200 3 812 346",
    "email": "vanphong@anhoa.binhgiang.example.gov.vn",
    "attribution_notice": (
        "Ghi rõ nguồn “Cổng thông tin điện tử thị xã An Hòa” khi phát hành lại thông tin"
        " từ Cổng thông tin này."
    ),
    "agency_links": [
        {
            "name": "Cổng thông tin điện tử tỉnh Bình Giang",
            "url": "https://binhgiang.example.gov.vn",
        },
        {
            "name": "Cổng dịch vụ công tỉnh Bình Giang",
            "url": "https://dichvucong.binhgiang.example.gov.vn",
        },
        {"name": "Sở Nội vụ tỉnh Bình Giang", "url": "https://snv.binhgiang.example.gov.vn"},
        {
            "name": "Sở Thông tin và Truyền thông tỉnh Bình Giang",
            "url": "https://stttt.binhgiang.example.gov.vn",
        },
        {"name": "Báo Bình Giang điện tử", "url": "https://baobinhgiang.example.vn"},
    ],
    "visits_offset": 1476000,
}

CATEGORIES = [
    {
        "name": "Tin tức – Sự kiện",
        "description": "Hoạt động của lãnh đạo, các cơ quan và sự kiện nổi bật của thị xã.",
    },
    {
        "name": "Cải cách hành chính",
        "description": "Thủ tục hành chính, dịch vụ công trực tuyến, kết quả cải cách.",
    },
    {
        "name": "Kinh tế",
        "description": "Nông nghiệp, công nghiệp, thương mại, đầu tư và ngân sách của thị xã.",
    },
    {
        "name": "Văn hóa – Xã hội",
        "description": "Văn hóa, giáo dục, y tế, thể thao và an sinh xã hội.",
    },
    {
        "name": "Thông báo",
        "description": "Thông báo, lịch làm việc và thông tin cần biết của UBND thị xã.",
    },
]

ARTICLES = [
    # ---- Tin tức – Sự kiện -------------------------------------------------------------
    {
        "category": "tin-tuc-su-kien",
        "title": "Hội nghị tổng kết công tác năm và triển khai nhiệm vụ năm mới của thị xã An Hòa",
        "summary": """Sáng nay, UBND thị xã An Hòa tổ chức hội nghị tổng kết công tác năm, đánh giá
        kết quả thực hiện các chỉ tiêu kinh tế – xã hội và triển khai nhiệm vụ trọng tâm của năm
        mới.""",
        "body": """
<p>Dự hội nghị có ông Phạm Văn Khải, Bí thư Thị ủy; ông Hoàng Đức Lợi, Chủ tịch HĐND thị xã; lãnh
đạo các phòng, ban, ngành và Chủ tịch UBND các phường, xã trên địa bàn.</p>

<p>Theo báo cáo, trong năm qua tốc độ tăng trưởng giá trị sản xuất của thị xã đạt 9,2%; thu ngân
sách trên địa bàn vượt 12% dự toán tỉnh giao; thu nhập bình quân đầu người tăng gần 8% so với năm
trước. Thị xã hoàn thành 18/20 chỉ tiêu chủ yếu, trong đó nhiều chỉ tiêu vượt kế hoạch.</p>

<h2>Nhiều dấu ấn nổi bật</h2>

<p>Công tác cải cách hành chính có chuyển biến rõ nét: tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,6%,
tỷ lệ hồ sơ nộp trực tuyến tăng mạnh. Các công trình trọng điểm như cầu Hòa Thủy, tuyến đường liên
xã Phước Lộc – Tân Đức được triển khai đúng tiến độ.</p>

<p>Phát biểu chỉ đạo, ông Nguyễn Thành Trung, Chủ tịch UBND thị xã, đề nghị các đơn vị tập trung
tháo gỡ khó khăn cho doanh nghiệp, đẩy nhanh giải ngân vốn đầu tư công, nâng cao chất lượng phục vụ
người dân và giữ vững an ninh, trật tự trên địa bàn.</p>

<p>Dịp này, UBND thị xã khen thưởng 24 tập thể và 56 cá nhân có thành tích xuất sắc trong thực hiện
nhiệm vụ năm.</p>
""",
        "byline": "Minh Anh",
        "image": "trung-tam-hanh-chinh",
        "image_caption": "Trụ sở HĐND và UBND thị xã An Hòa, nơi diễn ra hội nghị.",
        "image_alt": "Trụ sở HĐND và UBND thị xã An Hòa với lá cờ đỏ sao vàng trên nóc",
        "featured": True,
        "days_ago": 3,
        "hour": 15,
        "views": 1284,
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Khánh thành cầu Hòa Thủy bắc qua sông Thủy Giang",
        "summary": """Sau 18 tháng thi công, cầu Hòa Thủy nối phường Thủy Tiên với xã Hòa Thủy
        chính thức được đưa vào sử dụng, rút ngắn quãng đường đi lại của người dân hai bờ sông Thủy
        Giang.""",
        "body": """
<p>Cầu Hòa Thủy dài 312 m, rộng 12 m, gồm hai làn xe cơ giới và hai lối đi bộ, với tổng vốn đầu tư
hơn 186 tỷ đồng từ ngân sách tỉnh và thị xã. Công trình được khởi công từ đầu năm trước và hoàn
thành sớm hơn kế hoạch gần một tháng.</p>

<figure><img src="/media/demo/song-thuy-giang.jpg" alt="Sông Thủy Giang uốn lượn giữa hai bờ đồi
xanh"><figcaption>Đoạn sông Thủy Giang nơi xây dựng cầu Hòa Thủy.</figcaption></figure>

<p>Trước đây, người dân xã Hòa Thủy muốn ra trung tâm thị xã phải đi đò hoặc vòng qua quốc lộ gần
15 km. Nay, quãng đường chỉ còn khoảng 3 km, thuận lợi cho việc đi lại, học tập và vận chuyển nông
sản.</p>

<p>Phát biểu tại lễ khánh thành, ông Vũ Quang Định, Phó Chủ tịch UBND tỉnh Bình Giang, ghi nhận nỗ
lực của chủ đầu tư, nhà thầu và sự đồng thuận của người dân trong công tác giải phóng mặt bằng;
đồng thời đề nghị thị xã làm tốt công tác duy tu, bảo đảm an toàn giao thông trên cầu.</p>

<p>Bà Nguyễn Thị Thu, người dân xã Hòa Thủy, chia sẻ: “Bao nhiêu năm mong mỏi, giờ có cầu rồi, con
cháu đi học không còn phải lo mùa nước lớn nữa”.</p>
""",
        "byline": "P.V Hoàng Long",
        "image": "song-thuy-giang",
        "image_caption": "Sông Thủy Giang đoạn chảy qua xã Hòa Thủy.",
        "image_alt": "Dòng sông xanh uốn lượn giữa những ngọn đồi",
        "featured": True,
        "days_ago": 12,
        "hour": 10,
        "views": 3421,
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Lãnh đạo tỉnh Bình Giang thăm, chúc Tết gia đình chính sách tại thị xã An Hòa",
        "summary": """Nhân dịp Tết Nguyên đán, đoàn công tác của tỉnh Bình Giang đã đến thăm, tặng
        quà các gia đình chính sách, hộ nghèo và người có công trên địa bàn thị xã.""",
        "body": """
<p>Đoàn do ông Vũ Quang Định, Phó Chủ tịch UBND tỉnh, làm trưởng đoàn đã đến thăm gia đình Mẹ Việt
Nam Anh hùng Trần Thị Lựu ở phường Hòa Bình, gia đình thương binh Đinh Văn Đạt ở xã Tân Đức và một
số hộ có hoàn cảnh khó khăn.</p>

<p>Tại mỗi nơi đến, lãnh đạo tỉnh ân cần hỏi thăm sức khỏe, đời sống của các gia đình, bày tỏ lòng
tri ân sâu sắc đối với những hy sinh, cống hiến của các thế hệ đi trước.</p>

<p>Dịp Tết năm nay, thị xã An Hòa đã trao hơn 3.200 suất quà với tổng trị giá trên 2,4 tỷ đồng, bảo
đảm mọi gia đình chính sách, hộ nghèo đều được đón Tết vui tươi, đầm ấm.</p>
""",
        "byline": "Ngọc Lan",
        "image": "le-hoi",
        "image_caption": "Phố phường An Hòa rực rỡ đèn hoa đón Tết.",
        "image_alt": "Những dây đèn lồng đỏ, vàng giăng trên nền trời đêm",
        "days_ago": 40,
        "hour": 9,
        "views": 967,
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Kỳ họp thứ Tám HĐND thị xã An Hòa thông qua 12 nghị quyết",
        "summary": """Sau hai ngày làm việc khẩn trương, Kỳ họp thứ Tám HĐND thị xã An Hòa khóa
        XXII đã hoàn thành nội dung chương trình và biểu quyết thông qua 12 nghị quyết quan
        trọng.""",
        "body": """
<p>Tại kỳ họp, các đại biểu đã thảo luận, cho ý kiến vào báo cáo tình hình kinh tế – xã hội sáu
tháng đầu năm, kế hoạch đầu tư công trung hạn và các tờ trình của UBND thị xã.</p>

<h2>Chất vấn những vấn đề cử tri quan tâm</h2>

<p>Phiên chất vấn tập trung vào tiến độ giải phóng mặt bằng dự án mở rộng đường Nguyễn Trãi, tình
trạng ngập úng cục bộ ở phường Đông Thành khi mưa lớn và việc quản lý trật tự xây dựng ở các khu
dân cư mới.</p>

<p>Trả lời chất vấn, lãnh đạo UBND thị xã và các phòng chuyên môn đã nêu rõ nguyên nhân, trách
nhiệm và cam kết giải pháp khắc phục trong quý tới.</p>

<p>Bế mạc kỳ họp, ông Hoàng Đức Lợi, Chủ tịch HĐND thị xã, đề nghị các đại biểu tăng cường giám sát
việc thực hiện các nghị quyết vừa được thông qua và tiếp tục lắng nghe, phản ánh kịp thời ý kiến,
kiến nghị của cử tri.</p>
""",
        "byline": "Văn Phúc",
        "source": "Theo Văn phòng HĐND và UBND thị xã",
        "image": "trung-tam-hanh-chinh",
        "image_caption": "Trụ sở HĐND và UBND thị xã An Hòa.",
        "image_alt": "Tòa nhà trụ sở HĐND và UBND thị xã",
        "days_ago": 58,
        "hour": 16,
        "views": 1540,
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Ra quân tổng vệ sinh môi trường hưởng ứng Ngày Môi trường thế giới",
        "summary": """Hơn 2.000 đoàn viên, hội viên và người dân thị xã An Hòa đã tham gia dọn dẹp
        đường phố, khơi thông cống rãnh và trồng cây xanh dọc bờ sông Thủy Giang.""",
        "body": """
<p>Hưởng ứng Ngày Môi trường thế giới 5/6, sáng Chủ nhật, UBND thị xã An Hòa phối hợp với Ủy ban
MTTQ Việt Nam thị xã tổ chức lễ ra quân tổng vệ sinh môi trường tại tất cả các phường, xã.</p>

<p>Trong buổi ra quân, lực lượng tham gia đã thực hiện:</p>

<ul>
<li>thu gom hơn 35 tấn rác thải sinh hoạt, phế thải xây dựng;</li>
<li>khơi thông 4,2 km mương thoát nước tại phường An Phú và phường Đông Thành;</li>
<li>trồng mới 1.500 cây xanh dọc kè sông Thủy Giang;</li>
<li>phát quang bụi rậm trên các tuyến đường liên xã.</li>
</ul>

<p>Thị xã phấn đấu đến cuối năm có 100% khu phố, thôn duy trì mô hình “Ngày Chủ nhật xanh” và 85%
hộ gia đình phân loại rác tại nguồn.</p>
""",
        "byline": "Hải Yến",
        "image": "song-thuy-giang",
        "image_caption": "Kè sông Thủy Giang, nơi trồng mới 1.500 cây xanh.",
        "image_alt": "Bờ sông Thủy Giang xanh mát",
        "days_ago": 95,
        "hour": 8,
        "views": 812,
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Đối thoại giữa Chủ tịch UBND thị xã với thanh niên về khởi nghiệp",
        "summary": """Hơn 200 đoàn viên, thanh niên đã trực tiếp nêu câu hỏi về vốn vay, mặt bằng
        kinh doanh và thủ tục thành lập doanh nghiệp với lãnh đạo thị xã.""",
        "body": """
<p>Chương trình do Thị đoàn An Hòa phối hợp với UBND thị xã tổ chức tại Nhà văn hóa thị xã. Nhiều ý
kiến bày tỏ mong muốn được hỗ trợ tiếp cận nguồn vốn ưu đãi và kết nối tiêu thụ sản phẩm.</p>

<p>Ông Nguyễn Thành Trung, Chủ tịch UBND thị xã, cho biết thị xã đang xây dựng khu ươm tạo khởi
nghiệp tại phường Hòa Bình, dự kiến hoạt động từ quý tới, với mặt bằng làm việc miễn phí trong năm
đầu tiên cho các nhóm khởi nghiệp trẻ.</p>

<p>Về thủ tục, Trung tâm Phục vụ hành chính công thị xã sẽ bố trí một quầy hướng dẫn riêng cho hộ
kinh doanh và doanh nghiệp mới thành lập, giúp rút ngắn thời gian chuẩn bị hồ sơ.</p>

<p>Kết thúc buổi đối thoại, UBND thị xã giao các phòng chuyên môn tổng hợp, trả lời bằng văn bản
những kiến nghị chưa được giải đáp tại chỗ trong vòng 15 ngày.</p>
""",
        "byline": "Quốc Việt",
        "image": "pho-thi",
        "image_caption": "Phố thị An Hòa ngày càng khang trang.",
        "image_alt": "Dãy nhà cao tầng bên con đường lớn của thị xã",
        "days_ago": 150,
        "hour": 14,
        "views": 1105,
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Phường Thủy Tiên đạt chuẩn đô thị văn minh",
        "summary": """Phường Thủy Tiên vừa được UBND tỉnh Bình Giang công nhận đạt chuẩn đô thị văn
        minh, trở thành phường thứ ba của thị xã An Hòa đạt danh hiệu này.""",
        "body": """
<p>Sau ba năm triển khai, phường Thủy Tiên đã đầu tư hơn 40 tỷ đồng nâng cấp vỉa hè, hệ thống chiếu
sáng, thoát nước và công viên cây xanh, trong đó người dân đóng góp gần 6 tỷ đồng và hàng nghìn
ngày công.</p>

<figure><img src="/media/demo/pho-thi.jpg" alt="Những tòa nhà mới bên tuyến phố chính của phường
Thủy Tiên"><figcaption>Một góc phường Thủy Tiên sau chỉnh trang đô thị.</figcaption></figure>

<p>Tỷ lệ hộ gia đình đạt danh hiệu “Gia đình văn hóa” của phường đạt 96%; 100% khu phố có quy ước,
hương ước và tổ tự quản về an ninh, trật tự.</p>

<p>Theo lãnh đạo phường, thời gian tới địa phương tiếp tục duy trì các tiêu chí, đặc biệt là giữ
gìn vệ sinh môi trường, trật tự lòng đường, vỉa hè và xây dựng nếp sống văn minh nơi công cộng.</p>
""",
        "byline": "Thu Hà – Trung tâm VH-TT",
        "image": "pho-thi",
        "image_caption": "Tuyến phố chính của phường Thủy Tiên.",
        "image_alt": "Dãy nhà cao tầng và con đường rộng của phường Thủy Tiên",
        "days_ago": 210,
        "hour": 10,
        "views": 1876,
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Chủ động ứng phó mùa mưa bão, bảo đảm an toàn cho người dân ven sông",
        "summary": """Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn thị xã An Hòa yêu cầu
        các địa phương ven sông Thủy Giang rà soát khu vực nguy cơ sạt lở, sẵn sàng phương án sơ
        tán dân.""",
        "body": """
<p>Theo dự báo, mùa mưa năm nay có khả năng xuất hiện nhiều đợt mưa lớn, gây lũ trên sông Thủy
Giang. Thị xã đã kiện toàn ban chỉ huy các cấp và phân công cụ thể từng thành viên phụ trách địa
bàn.</p>

<p>Các xã Hòa Thủy, Hòa Lợi và phường Thủy Tiên được yêu cầu kiểm tra toàn bộ đê bao, kè bờ sông;
chuẩn bị sẵn áo phao, xuồng và lương thực, thuốc men theo phương châm “bốn tại chỗ”.</p>

<p>Người dân khi phát hiện dấu hiệu sạt lở, nứt đất cần báo ngay cho chính quyền địa phương hoặc
gọi đường dây nóng của Ban Chỉ huy thị xã để được hỗ trợ kịp thời.</p>
""",
        "byline": "Minh Anh",
        "image": "song-thuy-giang",
        "image_caption": "Sông Thủy Giang trước mùa mưa lũ.",
        "image_alt": "Sông Thủy Giang chảy giữa hai bờ đồi",
        "days_ago": 300,
        "hour": 11,
        "views": 2210,
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Thị xã An Hòa tổ chức diễn tập khu vực phòng thủ",
        "summary": """Cuộc diễn tập diễn ra trong ba ngày với sự tham gia của hơn 1.000 lượt người,
        đánh giá khả năng lãnh đạo, chỉ đạo và phối hợp xử lý các tình huống của hệ thống chính trị
        thị xã.""",
        "body": """
<p>Diễn tập được tổ chức theo kế hoạch của Bộ Chỉ huy Quân sự tỉnh Bình Giang, gồm các nội dung:
chuyển trạng thái sẵn sàng chiến đấu, xử lý tình huống an ninh, trật tự, phòng chống thiên tai và
cứu hộ, cứu nạn.</p>

<p>Phần thực binh tại xã Tân Đức được các lực lượng thực hiện nhịp nhàng, đúng quy trình, bảo đảm
an toàn tuyệt đối về người và trang bị.</p>

<p>Đoàn kiểm tra của tỉnh đánh giá cuộc diễn tập đạt loại giỏi, đồng thời đề nghị thị xã rút kinh
nghiệm, hoàn thiện hệ thống văn kiện và tiếp tục củng cố thế trận lòng dân.</p>
""",
        "byline": "P.V Hoàng Long",
        "image": "hoang-hon",
        "image_caption": "Vùng đồi xã Tân Đức, nơi diễn ra phần thực binh.",
        "image_alt": "Dãy đồi và hàng cây trong ánh hoàng hôn",
        "days_ago": 420,
        "hour": 15,
        "views": 1432,
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Thị xã An Hòa đón nhận Huân chương Lao động hạng Ba",
        "summary": """Đảng bộ, chính quyền và Nhân dân thị xã An Hòa vinh dự đón nhận Huân chương
        Lao động hạng Ba vì thành tích xuất sắc trong phong trào thi đua giai đoạn vừa qua.""",
        "body": """
<p>Lễ đón nhận được tổ chức trang trọng tại Quảng trường trung tâm thị xã, với sự tham dự của lãnh
đạo tỉnh Bình Giang, các sở, ngành và đông đảo người dân.</p>

<p>Giai đoạn vừa qua, thị xã An Hòa duy trì tốc độ tăng trưởng khá, hoàn thành xây dựng nông thôn
mới ở 4/4 xã, hạ tầng đô thị được đầu tư đồng bộ, đời sống vật chất và tinh thần của người dân
không ngừng được nâng lên.</p>

<p>Phát biểu tại buổi lễ, ông Phạm Văn Khải, Bí thư Thị ủy, khẳng định phần thưởng cao quý là nguồn
động viên to lớn để thị xã tiếp tục phấn đấu trở thành đô thị loại III trước năm 2030.</p>

<p>Sau lễ đón nhận là chương trình nghệ thuật đặc sắc và bắn pháo hoa tầm thấp bên bờ sông Thủy
Giang.</p>
""",
        "byline": "Ngọc Lan",
        "image": "le-hoi",
        "image_caption": "Quảng trường trung tâm thị xã rực rỡ đèn hoa trong đêm lễ.",
        "image_alt": "Những dây đèn lồng đỏ và vàng giăng trên nền trời đêm",
        "days_ago": 560,
        "hour": 9,
        "views": 4620,
    },
    # ---- Cải cách hành chính -----------------------------------------------------------
    {
        "category": "cai-cach-hanh-chinh",
        "title": "Đoàn kiểm tra của tỉnh làm việc về cải cách hành chính",
        "summary": """Đoàn kiểm tra công tác cải cách hành chính của UBND tỉnh Bình Giang đã làm
        việc với UBND thị xã An Hòa và kiểm tra thực tế tại Trung tâm Phục vụ hành chính công thị
        xã.""",
        "body": """
<p>Đoàn do ông Trịnh Văn Đông, Phó Giám đốc Sở Nội vụ tỉnh Bình Giang, làm trưởng đoàn. Tiếp và làm
việc với đoàn có bà Đỗ Thị Thanh Thủy, Phó Chủ tịch UBND thị xã, cùng lãnh đạo các phòng chuyên
môn.</p>

<p>Báo cáo với đoàn, đại diện Phòng Nội vụ thị xã cho biết từ đầu năm đến nay, thị xã tiếp nhận hơn
9.000 hồ sơ thủ tục hành chính, trong đó 99,4% được giải quyết trước và đúng hạn; 100% thủ tục đủ
điều kiện đã được cung cấp dịch vụ công trực tuyến toàn trình.</p>

<figure><img src="/media/demo/trung-tam-hanh-chinh.jpg" alt="Tòa nhà Trung tâm Phục vụ hành chính
công thị xã An Hòa"><figcaption>Trung tâm Phục vụ hành chính công thị xã An
Hòa.</figcaption></figure>

<p>Đoàn ghi nhận thị xã đã có nhiều cách làm hay như bố trí công chức hướng dẫn nộp hồ sơ trực
tuyến, nhắn tin báo kết quả qua điện thoại. Bên cạnh đó, đoàn đề nghị thị xã khắc phục tình trạng
một số hồ sơ đất đai còn phải bổ sung nhiều lần và đẩy mạnh số hóa kết quả giải quyết thủ tục hành
chính.</p>

<p>Tiếp thu ý kiến của đoàn, bà Đỗ Thị Thanh Thủy cam kết thị xã sẽ xây dựng kế hoạch khắc phục cụ
thể, hoàn thành trong quý này.</p>
""",
        "byline": "Văn Phúc – Phòng Nội vụ",
        "source": "Theo Sở Nội vụ tỉnh Bình Giang",
        "image": "trung-tam-hanh-chinh",
        "image_caption": "Trung tâm Phục vụ hành chính công thị xã An Hòa.",
        "image_alt": "Tòa nhà trung tâm hành chính với hàng cột trắng và mái đỏ",
        "featured": True,
        "days_ago": 6,
        "hour": 16,
        "views": 742,
    },
    {
        "category": "cai-cach-hanh-chinh",
        "title": "Hướng dẫn nộp hồ sơ trực tuyến trên Cổng dịch vụ công",
        "summary": """Người dân và doanh nghiệp có thể nộp hồ sơ, theo dõi tiến độ và nhận kết quả
        thủ tục hành chính mà không cần đến trụ sở. Dưới đây là các bước thực hiện.""",
        "body": """
<p>Nhằm giảm thời gian đi lại và chi phí cho người dân, UBND thị xã An Hòa khuyến khích tổ chức, cá
nhân nộp hồ sơ thủ tục hành chính qua Cổng dịch vụ công tỉnh Bình Giang.</p>

<h2>Các bước thực hiện</h2>

<ul>
<li>Bước 1: đăng nhập Cổng dịch vụ công bằng tài khoản định danh điện tử;</li>
<li>Bước 2: tìm thủ tục cần thực hiện theo tên hoặc theo cơ quan giải quyết;</li>
<li>Bước 3: điền tờ khai trực tuyến, đính kèm bản chụp hoặc bản điện tử của giấy tờ;</li>
<li>Bước 4: nộp phí, lệ phí trực tuyến (nếu có) và chọn hình thức nhận kết quả;</li>
<li>Bước 5: theo dõi tình trạng hồ sơ qua tin nhắn, thư điện tử hoặc mục “Hồ sơ của tôi”.</li>
</ul>

<h2>Hỗ trợ người dân</h2>

<p>Tại Trung tâm Phục vụ hành chính công thị xã và bộ phận một cửa các phường, xã đều có tổ công
nghệ số cộng đồng hướng dẫn trực tiếp. Người dân cũng có thể gọi số điện thoại của Trung tâm trong
giờ hành chính để được giải đáp.</p>

<p>Hồ sơ nộp trực tuyến có giá trị pháp lý như hồ sơ nộp trực tiếp và được ưu tiên tiếp nhận, xử lý
theo thứ tự thời gian nộp.</p>
""",
        "byline": "Trung tâm Phục vụ hành chính công",
        "image": "trung-tam-hanh-chinh",
        "image_caption": "Trung tâm Phục vụ hành chính công thị xã.",
        "image_alt": "Trụ sở Trung tâm Phục vụ hành chính công thị xã",
        "days_ago": 33,
        "hour": 8,
        "views": 3950,
    },
    {
        "category": "cai-cach-hanh-chinh",
        "title": "Trung tâm Phục vụ hành chính công thị xã tiếp nhận hơn 18 nghìn hồ sơ trong năm",
        "summary": """Năm qua, Trung tâm Phục vụ hành chính công thị xã An Hòa tiếp nhận 18.426 hồ
        sơ, tỷ lệ giải quyết đúng hạn đạt 99,6%, mức độ hài lòng của người dân đạt trên 97%.""",
        "body": """
<p>Trong tổng số hồ sơ tiếp nhận, lĩnh vực đất đai chiếm tỷ lệ lớn nhất với hơn 7.100 hồ sơ, tiếp
theo là hộ tịch, đăng ký kinh doanh và xây dựng. Số hồ sơ nộp trực tuyến chiếm 64%, tăng gấp đôi so
với năm trước.</p>

<p>Trung tâm đã áp dụng hệ thống xếp hàng tự động, bố trí khu vực ưu tiên cho người cao tuổi, người
khuyết tật, phụ nữ mang thai và mở rộng dịch vụ trả kết quả qua bưu chính công ích.</p>

<p>Năm nay, Trung tâm đặt mục tiêu tỷ lệ hồ sơ trực tuyến đạt 80%, đồng thời số hóa toàn bộ kết quả
giải quyết thủ tục hành chính còn hiệu lực.</p>
""",
        "byline": "Minh Anh",
        "days_ago": 75,
        "hour": 9,
        "views": 1320,
    },
    {
        "category": "cai-cach-hanh-chinh",
        "title": "An Hòa đứng thứ hai toàn tỉnh về Chỉ số cải cách hành chính",
        "summary": """UBND tỉnh Bình Giang công bố Chỉ số cải cách hành chính của các huyện, thị
        xã, thành phố; thị xã An Hòa đạt 89,35 điểm, xếp thứ hai toàn tỉnh, tăng ba bậc so với năm
        trước.""",
        "body": """
<p>Chỉ số được đánh giá trên tám lĩnh vực, gồm công tác chỉ đạo điều hành, xây dựng thể chế, cải
cách thủ tục hành chính, cải cách tổ chức bộ máy, cải cách chế độ công vụ, cải cách tài chính công,
xây dựng chính quyền số và tác động của cải cách đến người dân, tổ chức.</p>

<p>Thị xã đạt điểm tuyệt đối ở lĩnh vực cải cách thủ tục hành chính và xếp thứ nhất về chính quyền
số. Tuy nhiên, điểm điều tra xã hội học về sự hài lòng của người dân ở một số nội dung vẫn còn thấp
hơn mức trung bình của tỉnh.</p>

<p>Lãnh đạo UBND thị xã yêu cầu các đơn vị phân tích kỹ từng tiêu chí bị trừ điểm, xác định rõ
trách nhiệm và đề ra giải pháp khắc phục ngay trong năm nay.</p>
""",
        "byline": "Văn Phúc – Phòng Nội vụ",
        "source": "Theo Sở Nội vụ tỉnh Bình Giang",
        "image": "trung-tam-hanh-chinh",
        "image_caption": "Trụ sở HĐND và UBND thị xã An Hòa.",
        "image_alt": "Trụ sở HĐND và UBND thị xã với hàng cột trắng",
        "days_ago": 128,
        "hour": 14,
        "views": 2105,
    },
    {
        "category": "cai-cach-hanh-chinh",
        "title": "Triển khai thanh toán không dùng tiền mặt khi giải quyết thủ tục hành chính",
        "summary": """Từ tháng này, người dân nộp phí, lệ phí thủ tục hành chính tại thị xã An Hòa
        có thể thanh toán bằng mã QR, thẻ ngân hàng hoặc ví điện tử.""",
        "body": """
<p>UBND thị xã đã phối hợp với các ngân hàng thương mại trên địa bàn lắp đặt thiết bị thanh toán
tại Trung tâm Phục vụ hành chính công và bộ phận một cửa của 8/8 phường, xã.</p>

<p>Khi thanh toán không dùng tiền mặt, người dân nhận biên lai điện tử ngay trên điện thoại, không
phải chờ đợi và hạn chế sai sót trong thu, nộp.</p>

<p>Việc thanh toán bằng tiền mặt vẫn được duy trì để phục vụ người dân chưa quen sử dụng dịch vụ
ngân hàng số.</p>
""",
        "byline": "Hải Yến",
        "days_ago": 240,
        "hour": 10,
        "views": 980,
    },
    {
        "category": "cai-cach-hanh-chinh",
        "title": "Tập huấn kỹ năng số cho cán bộ, công chức cấp xã",
        "summary": """Hơn 150 cán bộ, công chức và thành viên tổ công nghệ số cộng đồng của các
        phường, xã đã tham gia lớp tập huấn kỹ năng số do UBND thị xã tổ chức.""",
        "body": """
<p>Lớp tập huấn diễn ra trong hai ngày với các chuyên đề: sử dụng hệ thống quản lý văn bản và điều
hành, chữ ký số, hướng dẫn người dân sử dụng dịch vụ công trực tuyến và bảo đảm an toàn thông
tin.</p>

<p>Học viên được thực hành trực tiếp trên máy tính, xử lý các tình huống thường gặp như người dân
quên mật khẩu tài khoản định danh, tệp đính kèm quá dung lượng hay sai thông tin tờ khai.</p>

<p>Sau tập huấn, mỗi phường, xã sẽ tổ chức lại cho các tổ công nghệ số cộng đồng ở khu phố, thôn để
lan tỏa kỹ năng số đến từng hộ gia đình.</p>
""",
        "byline": "Quốc Việt",
        "days_ago": 335,
        "hour": 15,
        "views": 640,
    },
    {
        "category": "cai-cach-hanh-chinh",
        "title": "Số hóa hồ sơ hộ tịch: xã Hòa Thủy hoàn thành trước thời hạn",
        "summary": """Xã Hòa Thủy đã số hóa toàn bộ hơn 21 nghìn trang sổ hộ tịch lưu trữ từ năm
        1976 đến nay, trở thành địa phương đầu tiên của thị xã hoàn thành nhiệm vụ này.""",
        "body": """
<p>Dữ liệu hộ tịch sau khi số hóa được cập nhật vào cơ sở dữ liệu hộ tịch điện tử dùng chung, giúp
việc cấp bản sao trích lục, xác minh thông tin nhanh hơn và chính xác hơn.</p>

<p>Để hoàn thành khối lượng lớn, xã đã huy động công chức tư pháp – hộ tịch làm thêm giờ, đồng thời
phối hợp với Đoàn Thanh niên rà soát, đối chiếu từng trang sổ cũ đã mờ, rách.</p>

<p>UBND thị xã đề nghị các phường, xã còn lại học tập cách làm của xã Hòa Thủy và hoàn thành việc
số hóa trước cuối năm.</p>
""",
        "byline": "Thu Hà",
        "image": "canh-dong-lua",
        "image_caption": "Cánh đồng lúa xã Hòa Thủy.",
        "image_alt": "Cánh đồng lúa xanh mướt dưới chân đồi",
        "days_ago": 470,
        "hour": 9,
        "views": 755,
    },
    {
        "category": "cai-cach-hanh-chinh",
        "title": "Lấy ý kiến người dân về mức độ hài lòng đối với dịch vụ hành chính công",
        "summary": """UBND thị xã An Hòa triển khai khảo sát sự hài lòng của người dân, tổ chức đối
        với việc giải quyết thủ tục hành chính bằng phiếu giấy và khảo sát trực tuyến.""",
        "body": """
<p>Khảo sát tập trung vào các nội dung: khả năng tiếp cận dịch vụ, thủ tục hành chính, công chức
giải quyết công việc, kết quả giải quyết và việc tiếp nhận, xử lý ý kiến góp ý, phản ánh.</p>

<p>Người dân sau khi nhận kết quả thủ tục có thể quét mã QR đặt tại quầy để trả lời phiếu khảo sát
trong khoảng ba phút. Thông tin cá nhân của người trả lời được giữ bí mật.</p>

<p>Kết quả khảo sát là căn cứ để thị xã đánh giá, xếp loại công chức và điều chỉnh cách thức phục
vụ cho phù hợp hơn.</p>
""",
        "byline": "Trung tâm Phục vụ hành chính công",
        "days_ago": 650,
        "hour": 8,
        "views": 1190,
    },
    # ---- Kinh tế -----------------------------------------------------------------------
    {
        "category": "kinh-te",
        "title": "Vụ Đông Xuân: nông dân An Hòa thu hoạch lúa đạt năng suất cao",
        "summary": """Vụ Đông Xuân năm nay, toàn thị xã gieo cấy 2.850 ha lúa, năng suất bình quân
        ước đạt 68 tạ/ha, cao nhất trong năm năm trở lại đây.""",
        "body": """
<p>Những ngày này, trên các cánh đồng ở xã Hòa Lợi, Phước Lộc và Tân Đức, bà con nông dân đang khẩn
trương thu hoạch lúa. Nhờ thời tiết thuận lợi và áp dụng đồng bộ tiến bộ kỹ thuật, lúa trổ đều, ít
sâu bệnh.</p>

<figure><img src="/media/demo/canh-dong-lua.jpg" alt="Cánh đồng lúa xanh trải dài đến chân
đồi"><figcaption>Cánh đồng mẫu lớn tại xã Hòa Lợi.</figcaption></figure>

<p>Đáng chú ý, 650 ha được sản xuất theo mô hình cánh đồng lớn, sử dụng giống lúa chất lượng cao và
cơ giới hóa từ khâu làm đất đến thu hoạch, giúp giảm 15% chi phí so với sản xuất truyền thống.</p>

<p>Ông Lương Văn Thịnh, xã Phước Lộc, phấn khởi cho biết: “Năm nay lúa được mùa, giá bán tại ruộng
lại cao hơn năm ngoái nên bà con rất mừng”.</p>

<p>Phòng Kinh tế thị xã khuyến cáo nông dân thu hoạch dứt điểm trước các đợt mưa, đồng thời chuẩn
bị đất, giống cho vụ Hè Thu theo đúng lịch thời vụ.</p>
""",
        "byline": "P.V Hoàng Long",
        "image": "canh-dong-lua",
        "image_caption": "Cánh đồng lúa xã Hòa Lợi vào vụ thu hoạch.",
        "image_alt": "Cánh đồng lúa trải dài dưới chân những ngọn đồi",
        "featured": True,
        "days_ago": 20,
        "hour": 7,
        "views": 2034,
    },
    {
        "category": "kinh-te",
        "title": "Khu công nghiệp Đồng Thủy thu hút thêm ba dự án đầu tư",
        "summary": """Ba dự án sản xuất linh kiện điện tử, bao bì và chế biến nông sản với tổng vốn
        đăng ký hơn 1.200 tỷ đồng vừa được cấp chủ trương đầu tư vào Khu công nghiệp Đồng Thủy.""",
        "body": """
<p>Khi đi vào hoạt động, các dự án dự kiến tạo việc làm cho khoảng 2.500 lao động, ưu tiên tuyển
dụng người dân địa phương và lao động bị thu hồi đất nông nghiệp.</p>

<p>Đến nay, tỷ lệ lấp đầy của Khu công nghiệp Đồng Thủy đạt 72%, với 28 doanh nghiệp đang hoạt
động. Hạ tầng giao thông, cấp điện, cấp nước và xử lý nước thải tập trung đã hoàn thiện.</p>

<p>UBND thị xã cam kết đồng hành cùng nhà đầu tư, giải quyết nhanh các thủ tục về đất đai, xây dựng
và môi trường, đồng thời phối hợp đào tạo nguồn nhân lực đáp ứng nhu cầu doanh nghiệp.</p>
""",
        "byline": "Quốc Việt",
        "source": "Theo Ban Quản lý các khu công nghiệp tỉnh Bình Giang",
        "image": "khu-cong-nghiep",
        "image_caption": "Nhà xưởng trong Khu công nghiệp Đồng Thủy.",
        "image_alt": "Dãy nhà xưởng mái răng cưa trong khu công nghiệp",
        "days_ago": 48,
        "hour": 11,
        "views": 1650,
    },
    {
        "category": "kinh-te",
        "title": "Chè Đồi Bạc được công nhận sản phẩm OCOP 4 sao",
        "summary": """Sản phẩm chè xanh Đồi Bạc của Hợp tác xã chè Tân Đức vừa được UBND tỉnh Bình
        Giang công nhận đạt chuẩn OCOP 4 sao.""",
        "body": """
<p>Chè Đồi Bạc được trồng trên vùng đồi thuộc xã Tân Đức, nơi có khí hậu mát mẻ và sương mù vào
sáng sớm, tạo nên vị chát dịu và hậu ngọt đặc trưng.</p>

<figure><img src="/media/demo/doi-che.jpg" alt="Những luống chè xanh uốn theo sườn
đồi"><figcaption>Đồi chè của Hợp tác xã chè Tân Đức.</figcaption></figure>

<p>Hợp tác xã hiện có 42 thành viên, canh tác 65 ha chè theo quy trình VietGAP. Sản phẩm được đóng
gói, dán tem truy xuất nguồn gốc và đã có mặt tại nhiều siêu thị trong và ngoài tỉnh.</p>

<p>Đến nay, thị xã An Hòa có 19 sản phẩm OCOP, trong đó 5 sản phẩm đạt 4 sao. Thị xã tiếp tục hỗ
trợ các chủ thể cải tiến bao bì, quảng bá sản phẩm qua hội chợ và sàn thương mại điện tử.</p>
""",
        "byline": "Thu Hà – Trung tâm VH-TT",
        "image": "doi-che",
        "image_caption": "Đồi chè Tân Đức xanh mướt.",
        "image_alt": "Đồi chè xanh với những luống chè chạy dọc sườn đồi",
        "days_ago": 88,
        "hour": 14,
        "views": 2890,
    },
    {
        "category": "kinh-te",
        "title": "Thu ngân sách sáu tháng đầu năm đạt 58% dự toán",
        "summary": """Tổng thu ngân sách nhà nước trên địa bàn thị xã An Hòa sáu tháng đầu năm ước
        đạt 412 tỷ đồng, bằng 58% dự toán tỉnh giao và tăng 11% so với cùng kỳ.""",
        "body": """
<p>Trong đó, thu từ khu vực công thương nghiệp ngoài quốc doanh đạt 61% dự toán; thu tiền sử dụng
đất đạt 55%; lệ phí trước bạ đạt 63%. Một số khoản thu còn chậm do thị trường bất động sản chưa
phục hồi.</p>

<h2>Giải pháp cho sáu tháng cuối năm</h2>

<p>Chi cục Thuế khu vực An Hòa sẽ tăng cường quản lý thu đối với hoạt động kinh doanh trên nền tảng
số, đôn đốc thu hồi nợ thuế và đẩy mạnh sử dụng hóa đơn điện tử khởi tạo từ máy tính tiền.</p>

<p>UBND thị xã yêu cầu các đơn vị thực hành tiết kiệm, cắt giảm các khoản chi chưa thực sự cần
thiết để dành nguồn lực cho đầu tư phát triển và an sinh xã hội.</p>
""",
        "byline": "Văn Phúc",
        "source": "Theo Chi cục Thuế khu vực An Hòa",
        "image": "khu-cong-nghiep",
        "image_caption": "Khu công nghiệp Đồng Thủy đóng góp lớn vào thu ngân sách thị xã.",
        "image_alt": "Dãy nhà xưởng trong khu công nghiệp",
        "days_ago": 190,
        "hour": 16,
        "views": 870,
    },
    {
        "category": "kinh-te",
        "title": "Hỗ trợ hộ kinh doanh chuyển đổi số, bán hàng trên sàn thương mại điện tử",
        "summary": """Hơn 300 hộ kinh doanh tại chợ An Hòa và các cửa hàng đặc sản đã được hướng
        dẫn mở gian hàng trực tuyến, thanh toán bằng mã QR và quảng bá sản phẩm trên mạng xã
        hội.""",
        "body": """
<p>Chương trình do Phòng Kinh tế thị xã phối hợp với Hội Liên hiệp Phụ nữ và Thị đoàn triển khai,
với các buổi hướng dẫn trực tiếp tại chợ vào buổi chiều, khi các hộ tiểu thương ít khách.</p>

<p>Bà Trương Thị Hồng, chủ cơ sở bánh đa vừng ở phường Đông Thành, cho biết từ khi bán hàng trực
tuyến, đơn hàng đi các tỉnh tăng gấp ba lần, nhiều khách quen đặt hàng trước dịp lễ, Tết.</p>

<p>Thời gian tới, thị xã sẽ xây dựng gian hàng chung giới thiệu sản phẩm OCOP và đặc sản An Hòa
trên các sàn thương mại điện tử lớn.</p>
""",
        "byline": "Hải Yến",
        "image": "pho-thi",
        "image_caption": "Khu phố thương mại tại phường Đông Thành.",
        "image_alt": "Dãy nhà phố và cửa hàng bên đường",
        "days_ago": 270,
        "hour": 10,
        "views": 1215,
    },
    {
        "category": "kinh-te",
        "title": "Phát triển mô hình nuôi cá lồng trên sông Thủy Giang",
        "summary": """Mô hình nuôi cá lăng, cá diêu hồng trong lồng bè trên sông Thủy Giang đang
        mang lại thu nhập ổn định cho nhiều hộ dân xã Hòa Thủy.""",
        "body": """
<p>Hiện xã Hòa Thủy có 36 hộ nuôi cá lồng với tổng số 140 lồng, sản lượng mỗi năm khoảng 320 tấn.
Mỗi lồng sau khi trừ chi phí mang lại lợi nhuận từ 20 đến 30 triệu đồng mỗi vụ.</p>

<p>Để phát triển bền vững, xã hướng dẫn các hộ nuôi đúng mật độ, không xả thức ăn thừa xuống sông
và liên kết với cơ sở chế biến để ổn định đầu ra.</p>

<p>Trạm Khuyến nông thị xã thường xuyên kiểm tra chất lượng nước, cảnh báo sớm khi có biến động
thời tiết để người nuôi chủ động di chuyển lồng bè.</p>
""",
        "byline": "P.V Hoàng Long",
        "image": "song-thuy-giang",
        "image_caption": "Vùng nuôi cá lồng trên sông Thủy Giang.",
        "image_alt": "Sông Thủy Giang giữa những ngọn đồi xanh",
        "days_ago": 390,
        "hour": 9,
        "views": 1480,
    },
    {
        "category": "kinh-te",
        "title": "Khởi công tuyến đường liên xã Phước Lộc – Tân Đức",
        "summary": """Tuyến đường dài 7,8 km với tổng mức đầu tư 96 tỷ đồng sẽ kết nối vùng chè Tân
        Đức với trung tâm thị xã và Khu công nghiệp Đồng Thủy.""",
        "body": """
<p>Tuyến đường có nền rộng 9 m, mặt đường bê tông nhựa rộng 7 m, có hệ thống thoát nước và chiếu
sáng. Dự án dự kiến hoàn thành sau 20 tháng thi công.</p>

<p>Để có mặt bằng sạch, 146 hộ dân hai xã đã đồng thuận bàn giao đất, trong đó nhiều hộ tự nguyện
hiến đất làm đường.</p>

<p>Khi hoàn thành, tuyến đường sẽ giúp việc vận chuyển chè, lúa gạo và hàng hóa thuận lợi hơn, mở
ra cơ hội phát triển du lịch sinh thái trên vùng đồi Tân Đức.</p>
""",
        "byline": "Minh Anh",
        "image": "doi-che",
        "image_caption": "Vùng đồi xã Tân Đức, nơi tuyến đường đi qua.",
        "image_alt": "Những quả đồi xanh trải dài",
        "days_ago": 515,
        "hour": 8,
        "views": 1760,
    },
    {
        "category": "kinh-te",
        "title": "Hợp tác xã rau an toàn Hòa Lợi mở rộng diện tích sản xuất",
        "summary": """Hợp tác xã rau an toàn Hòa Lợi mở rộng thêm 12 ha nhà màng, nâng tổng diện
        tích sản xuất rau theo quy trình an toàn lên 30 ha.""",
        "body": """
<p>Sản phẩm của hợp tác xã gồm rau ăn lá, dưa lưới và cà chua, được cung cấp cho các bếp ăn tập
thể, trường học và siêu thị trên địa bàn tỉnh.</p>

<p>Hợp tác xã áp dụng hệ thống tưới nhỏ giọt, nhật ký sản xuất điện tử và mã QR truy xuất nguồn gốc
trên từng lô hàng.</p>

<p>Năm qua, doanh thu của hợp tác xã đạt gần 9 tỷ đồng, tạo việc làm thường xuyên cho 45 lao động
địa phương với thu nhập bình quân 7 triệu đồng mỗi tháng.</p>
""",
        "byline": "Ngọc Lan",
        "image": "canh-dong-lua",
        "image_caption": "Vùng sản xuất rau an toàn tại xã Hòa Lợi.",
        "image_alt": "Những thửa ruộng xanh trải dài dưới chân đồi",
        "days_ago": 610,
        "hour": 15,
        "views": 930,
    },
    # ---- Văn hóa – Xã hội --------------------------------------------------------------
    {
        "category": "van-hoa-xa-hoi",
        "title": "Lễ hội đình làng An Hòa thu hút hàng nghìn du khách",
        "summary": """Lễ hội truyền thống đình làng An Hòa diễn ra trong ba ngày với phần lễ trang
        nghiêm và nhiều trò chơi dân gian, thu hút hàng nghìn người dân và du khách.""",
        "body": """
<p>Phần lễ gồm lễ rước nước từ sông Thủy Giang về đình, lễ tế Thành hoàng làng và dâng hương tưởng
nhớ các bậc tiền nhân có công khai phá vùng đất.</p>

<figure><img src="/media/demo/le-hoi.jpg" alt="Đèn lồng đỏ và vàng giăng kín sân đình trong đêm
hội"><figcaption>Sân đình An Hòa rực rỡ đèn lồng trong đêm hội.</figcaption></figure>

<p>Phần hội có các trò chơi đấu vật, kéo co, đập niêu, bịt mắt bắt vịt và hội thi nấu cơm niêu giữa
các khu phố. Đêm văn nghệ với những làn điệu dân ca đặc trưng của vùng Bình Giang được đông đảo
khán giả đón nhận.</p>

<p>Ban Tổ chức đã bố trí lực lượng bảo đảm an ninh, trật tự, an toàn giao thông và vệ sinh môi
trường, không để xảy ra tình trạng chèo kéo, ép giá du khách.</p>
""",
        "byline": "Thu Hà – Trung tâm VH-TT",
        "image": "le-hoi",
        "image_caption": "Đèn lồng giăng kín sân đình An Hòa trong đêm hội.",
        "image_alt": "Những dây đèn lồng nhiều màu trên nền trời đêm",
        "days_ago": 26,
        "hour": 19,
        "views": 2655,
    },
    {
        "category": "van-hoa-xa-hoi",
        "title": "Trao 150 suất học bổng cho học sinh vượt khó học giỏi",
        "summary": """Quỹ Khuyến học thị xã An Hòa trao 150 suất học bổng, mỗi suất 2 triệu đồng,
        cho học sinh có hoàn cảnh khó khăn đạt thành tích cao trong học tập.""",
        "body": """
<p>Nguồn kinh phí được vận động từ các doanh nghiệp, nhà hảo tâm và cán bộ, công chức trên địa bàn
thị xã, với tổng giá trị 300 triệu đồng.</p>

<p>Nhiều em dù mồ côi cha mẹ hoặc gia đình thuộc hộ nghèo vẫn đạt danh hiệu học sinh giỏi nhiều năm
liền, trong đó có em đạt giải Nhất kỳ thi học sinh giỏi cấp tỉnh môn Toán.</p>

<p>Phát biểu tại buổi lễ, bà Đỗ Thị Thanh Thủy, Phó Chủ tịch UBND thị xã, mong các em tiếp tục nỗ
lực, vượt qua khó khăn để trở thành người có ích cho gia đình và quê hương.</p>
""",
        "byline": "Ngọc Lan",
        "days_ago": 64,
        "hour": 9,
        "views": 1045,
    },
    {
        "category": "van-hoa-xa-hoi",
        "title": "Ngày hội đọc sách tại Thư viện thị xã",
        "summary": """Hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam, Thư viện thị xã An Hòa tổ chức
        ngày hội với triển lãm sách, giao lưu tác giả và cuộc thi kể chuyện theo sách cho thiếu
        nhi.""",
        "body": """
<p>Ngày hội trưng bày hơn 3.000 đầu sách thuộc nhiều lĩnh vực, trong đó có góc sách về lịch sử, văn
hóa vùng đất An Hòa và tỉnh Bình Giang.</p>

<p>Cuộc thi kể chuyện theo sách thu hút 40 học sinh tiểu học và trung học cơ sở tham gia. Các em đã
kể lại những câu chuyện về tấm gương hiếu học, tình yêu quê hương, đất nước bằng giọng kể hồn
nhiên, sinh động.</p>

<p>Dịp này, Thư viện thị xã ra mắt dịch vụ mượn sách điện tử, cho phép bạn đọc đăng ký thẻ và mượn
sách qua điện thoại.</p>
""",
        "byline": "Thu Hà – Trung tâm VH-TT",
        "image": "pho-thi",
        "image_caption": "Khu trung tâm thị xã, nơi đặt Thư viện thị xã.",
        "image_alt": "Những tòa nhà ở trung tâm thị xã",
        "days_ago": 110,
        "hour": 10,
        "views": 560,
    },
    {
        "category": "van-hoa-xa-hoi",
        "title": "Khai mạc Hội thi văn nghệ quần chúng chào mừng Quốc khánh 2/9",
        "summary": """Hội thi quy tụ 16 đội văn nghệ của các phường, xã và cơ quan, đơn vị với gần
        400 diễn viên, nghệ nhân không chuyên.""",
        "body": """
<p>Các tiết mục ca, múa, nhạc, hát dân ca, kịch ngắn tập trung ca ngợi Đảng, Bác Hồ, quê hương An
Hòa đổi mới và những tấm gương người tốt, việc tốt trong đời sống.</p>

<p>Hội thi là dịp để các đội văn nghệ giao lưu, học hỏi kinh nghiệm; đồng thời phát hiện, bồi dưỡng
những hạt nhân văn nghệ ở cơ sở.</p>

<p>Kết quả, đội văn nghệ phường Thủy Tiên đoạt giải Nhất; giải Nhì thuộc về xã Hòa Lợi và Trường
THPT An Hòa.</p>
""",
        "byline": "Thu Hà – Trung tâm VH-TT",
        "image": "le-hoi",
        "image_caption": "Sân khấu hội thi văn nghệ rực rỡ ánh đèn.",
        "image_alt": "Những dây đèn lồng sáng trên nền trời đêm",
        "days_ago": 225,
        "hour": 20,
        "views": 1390,
    },
    {
        "category": "van-hoa-xa-hoi",
        "title": "Giải chạy việt dã Vì sức khỏe cộng đồng thu hút 1.200 vận động viên",
        "summary": """Giải chạy việt dã Vì sức khỏe cộng đồng năm nay có cự ly 5 km và 10 km, xuất
        phát từ Quảng trường trung tâm và chạy dọc bờ kè sông Thủy Giang.""",
        "body": """
<p>Tham gia giải có các vận động viên từ 8 đến 72 tuổi, đến từ các trường học, cơ quan, doanh
nghiệp và câu lạc bộ chạy bộ trong tỉnh.</p>

<p>Ở cự ly 10 km, vận động viên Đinh Quang Huy (phường Hòa Bình) về nhất nội dung nam; vận động
viên Lý Thị Thủy (xã Phước Lộc) về nhất nội dung nữ.</p>

<p>Ban Tổ chức đã trích 50 triệu đồng từ nguồn tài trợ để ủng hộ Quỹ Vì người nghèo của thị xã.</p>
""",
        "byline": "Quốc Việt",
        "image": "hoang-hon",
        "image_caption": "Bình minh trên những ngọn đồi quanh thị xã.",
        "image_alt": "Mặt trời nhô lên sau dãy đồi với hàng cây",
        "days_ago": 320,
        "hour": 7,
        "views": 1725,
    },
    {
        "category": "van-hoa-xa-hoi",
        "title": "Khánh thành Nhà văn hóa khu phố Thủy Tiên 3",
        "summary": """Nhà văn hóa khu phố Thủy Tiên 3 được xây dựng từ nguồn xã hội hóa và ngân
        sách phường, trở thành nơi sinh hoạt cộng đồng khang trang của hơn 400 hộ dân.""",
        "body": """
<p>Công trình có hội trường 150 chỗ ngồi, sân thể thao đa năng và khu vui chơi cho trẻ em, tổng
kinh phí hơn 2,8 tỷ đồng, trong đó người dân và doanh nghiệp đóng góp 1,1 tỷ đồng.</p>

<p>Ông Mai Văn Thủy, Trưởng khu phố, cho biết trước đây mỗi lần họp dân, khu phố phải mượn sân
trường; nay có nhà văn hóa, các câu lạc bộ dưỡng sinh, văn nghệ, cầu lông có chỗ sinh hoạt thường
xuyên.</p>

<p>Đến nay, 100% khu phố, thôn của thị xã đã có nhà văn hóa đạt chuẩn.</p>
""",
        "byline": "Hải Yến",
        "image": "pho-thi",
        "image_caption": "Khu dân cư phường Thủy Tiên.",
        "image_alt": "Những dãy nhà trong khu dân cư",
        "days_ago": 455,
        "hour": 9,
        "views": 684,
    },
    {
        "category": "van-hoa-xa-hoi",
        "title": "Phát động Tháng hành động vì bình đẳng giới năm nay",
        "summary": """UBND thị xã An Hòa phát động Tháng hành động vì bình đẳng giới với chủ đề
        thúc đẩy sự tham gia của phụ nữ trong phát triển kinh tế và đời sống xã hội.""",
        "body": """
<p>Trong tháng hành động, các phường, xã sẽ tổ chức truyền thông bằng nhiều hình thức: pa nô, áp
phích, loa truyền thanh, mạng xã hội và sinh hoạt chuyên đề tại các chi hội phụ nữ.</p>

<p>Thị xã cũng duy trì 12 địa chỉ tin cậy ở cộng đồng, sẵn sàng tiếp nhận, hỗ trợ phụ nữ và trẻ em
khi bị bạo lực hoặc có nguy cơ bị bạo lực.</p>

<p>Người dân khi phát hiện hành vi bạo lực gia đình có thể báo cho công an, chính quyền cơ sở hoặc
gọi Tổng đài quốc gia bảo vệ trẻ em 111.</p>
""",
        "byline": "Ngọc Lan",
        "days_ago": 545,
        "hour": 14,
        "views": 410,
    },
    {
        "category": "van-hoa-xa-hoi",
        "title": "Bảo đảm tiêm chủng đầy đủ, đúng lịch cho trẻ em dưới 5 tuổi",
        "summary": """Trung tâm Y tế thị xã An Hòa tổ chức tiêm bù, tiêm vét cho trẻ em dưới 5 tuổi
        chưa được tiêm đủ mũi vắc xin trong chương trình tiêm chủng mở rộng.""",
        "body": """
<p>Đợt tiêm diễn ra tại trạm y tế của 8/8 phường, xã vào các buổi sáng thứ Bảy trong tháng. Phụ
huynh mang theo sổ tiêm chủng hoặc mở ứng dụng sổ sức khỏe điện tử khi đưa trẻ đi tiêm.</p>

<p>Trước khi tiêm, trẻ được khám sàng lọc; sau tiêm, trẻ được theo dõi tại chỗ 30 phút và phụ huynh
được hướng dẫn theo dõi tiếp tại nhà trong 24 giờ.</p>

<p>Năm qua, tỷ lệ trẻ dưới 1 tuổi được tiêm chủng đầy đủ của thị xã đạt 98,7%, cao hơn mức trung
bình của tỉnh.</p>
""",
        "byline": "Trung tâm Y tế thị xã",
        "source": "Theo Sở Y tế tỉnh Bình Giang",
        "days_ago": 700,
        "hour": 10,
        "views": 2480,
    },
    # ---- Thông báo ---------------------------------------------------------------------
    {
        "category": "thong-bao",
        "title": "Thông báo lịch tiếp công dân định kỳ của Chủ tịch UBND thị xã",
        "summary": """UBND thị xã An Hòa thông báo lịch tiếp công dân định kỳ của Chủ tịch và các
        Phó Chủ tịch UBND thị xã trong quý tới tại Trụ sở tiếp công dân thị xã.""",
        "body": """
<p>Thực hiện Luật Tiếp công dân, UBND thị xã An Hòa thông báo lịch tiếp công dân định kỳ như
sau:</p>

<table>
<thead><tr><th>Thời gian</th><th>Người tiếp</th><th>Lĩnh vực</th></tr></thead>
<tbody>
<tr><td>Ngày 10 hằng tháng</td><td>Ông Nguyễn Thành Trung – Chủ tịch UBND thị xã</td><td>Khiếu nại,
tố cáo; đất đai</td></tr>
<tr><td>Ngày 20 hằng tháng</td><td>Bà Đỗ Thị Thanh Thủy – Phó Chủ tịch UBND thị xã</td><td>Văn hóa,
xã hội; chính sách</td></tr>
<tr><td>Ngày 25 hằng tháng</td><td>Ông Bùi Văn Hòa – Phó Chủ tịch UBND thị xã</td><td>Xây dựng,
giao thông, môi trường</td></tr>
</tbody>
</table>

<p>Địa điểm: Trụ sở tiếp công dân thị xã, số 3 đường Trần Hưng Đạo, phường An Phú. Thời gian: buổi
sáng từ 7 giờ 30 đến 11 giờ 30. Nếu ngày tiếp trùng ngày nghỉ, lịch được chuyển sang ngày làm việc
liền kề.</p>

<p>Công dân đến trình bày cần mang theo giấy tờ tùy thân và các tài liệu liên quan đến nội dung
khiếu nại, tố cáo, kiến nghị, phản ánh.</p>
""",
        "byline": "Văn phòng HĐND và UBND thị xã",
        "days_ago": 9,
        "hour": 8,
        "views": 1820,
    },
    {
        "category": "thong-bao",
        "title": "Thông báo tuyển dụng viên chức sự nghiệp giáo dục",
        "summary": """UBND thị xã An Hòa thông báo tuyển dụng 42 chỉ tiêu viên chức giáo viên mầm
        non, tiểu học và trung học cơ sở cho các trường công lập trên địa bàn.""",
        "body": """
<p>Căn cứ nhu cầu vị trí việc làm, UBND thị xã An Hòa thông báo tuyển dụng viên chức sự nghiệp giáo
dục với 42 chỉ tiêu: 12 giáo viên mầm non, 18 giáo viên tiểu học và 12 giáo viên trung học cơ
sở.</p>

<h2>Điều kiện đăng ký dự tuyển</h2>

<ul>
<li>có quốc tịch Việt Nam, đủ 18 tuổi trở lên, có đủ sức khỏe để thực hiện nhiệm vụ;</li>
<li>có trình độ đào tạo đáp ứng chuẩn theo quy định của Luật Giáo dục;</li>
<li>có phiếu đăng ký dự tuyển theo mẫu, lý lịch rõ ràng;</li>
<li>không trong thời gian bị truy cứu trách nhiệm hình sự.</li>
</ul>

<p>Hình thức tuyển dụng là xét tuyển, gồm hai vòng: vòng 1 kiểm tra điều kiện, tiêu chuẩn
của người dự tuyển theo phiếu đăng ký; vòng 2 phỏng vấn hoặc thực hành về chuyên môn,
nghiệp vụ.</p>

<h2>Thời gian và địa điểm nhận phiếu</h2>

<p>Phiếu đăng ký nhận trong 30 ngày kể từ ngày thông báo, trong giờ hành chính, tại Phòng Nội vụ
thị xã hoặc nộp qua bưu chính. Thông tin chi tiết về vị trí tuyển dụng của từng trường được niêm
yết tại trụ sở UBND thị xã.</p>
""",
        "byline": "Phòng Nội vụ thị xã",
        "days_ago": 140,
        "hour": 8,
        "views": 4870,
    },
    {
        "category": "thong-bao",
        "title": "Thông báo tạm ngừng cấp điện để bảo dưỡng lưới điện",
        "summary": """Điện lực An Hòa thông báo tạm ngừng cấp điện tại một số khu vực để bảo dưỡng,
        nâng cấp đường dây trung thế và trạm biến áp.""",
        "body": """
<p>Để bảo đảm cung cấp điện an toàn, ổn định trong mùa nắng nóng, Điện lực An Hòa tạm ngừng cung
cấp điện theo lịch sau:</p>

<table>
<thead><tr><th>Ngày</th><th>Thời gian</th><th>Khu vực</th></tr></thead>
<tbody>
<tr><td>Thứ Ba</td><td>7 giờ 00 – 11 giờ 30</td><td>Khu phố 1, 2 phường An Phú</td></tr>
<tr><td>Thứ Năm</td><td>13 giờ 00 – 17 giờ 00</td><td>Thôn Đồng Thủy, xã Hòa Thủy</td></tr>
<tr><td>Thứ Bảy</td><td>7 giờ 00 – 16 giờ 00</td><td>Đường Nguyễn Trãi, phường Đông Thành</td></tr>
</tbody>
</table>

<p>Các khách hàng sử dụng điện cho sản xuất, kinh doanh trong khu vực nêu trên chủ động bố
trí kế hoạch sản xuất; các cơ sở có máy phát điện dự phòng cần kiểm tra, bảo đảm an toàn
khi vận hành.</p>

<p>Trường hợp thời tiết xấu, lịch ngừng cấp điện sẽ được hoãn và thông báo lại. Điện lực có thể
đóng điện sớm hơn dự kiến mà không báo trước; đề nghị người dân không tự ý tiếp xúc với lưới điện
trong thời gian thi công.</p>
""",
        "byline": "Điện lực An Hòa",
        "days_ago": 176,
        "hour": 16,
        "views": 2360,
    },
    {
        "category": "thong-bao",
        "title": "Công khai điều chỉnh quy hoạch sử dụng đất thị xã An Hòa",
        "summary": """UBND thị xã An Hòa công khai phương án điều chỉnh quy hoạch sử dụng đất đã
        được UBND tỉnh Bình Giang phê duyệt để người dân, tổ chức biết và thực hiện.""",
        "body": """
<p>Hồ sơ điều chỉnh quy hoạch gồm quyết định phê duyệt, bản đồ điều chỉnh quy hoạch sử dụng đất và
báo cáo thuyết minh tổng hợp.</p>

<p>Hồ sơ được công khai tại trụ sở UBND thị xã, Phòng Tài nguyên và Môi trường và UBND các phường,
xã; đồng thời đăng tải tại mục Quy hoạch – Kế hoạch trên Cổng thông tin điện tử thị xã.</p>

<p>Mọi thắc mắc liên quan, người dân liên hệ Phòng Tài nguyên và Môi trường thị xã trong giờ hành
chính để được giải đáp.</p>
""",
        "byline": "Phòng Tài nguyên và Môi trường",
        "days_ago": 360,
        "hour": 9,
        "views": 3120,
    },
    {
        "category": "thong-bao",
        "title": "Thông báo nghỉ Tết Nguyên đán và bố trí trực tại bộ phận một cửa",
        "summary": """UBND thị xã An Hòa thông báo lịch nghỉ Tết Nguyên đán đối với cán bộ, công
        chức, viên chức và việc bố trí trực giải quyết thủ tục hành chính cấp bách trong thời gian
        nghỉ.""",
        "body": """
<p>Thực hiện thông báo của UBND tỉnh Bình Giang, cán bộ, công chức, viên chức các cơ quan, đơn vị
thuộc thị xã được nghỉ Tết Nguyên đán theo quy định chung.</p>

<p>Trong thời gian nghỉ Tết, Trung tâm Phục vụ hành chính công thị xã và bộ phận một cửa các
phường, xã bố trí công chức trực để tiếp nhận các thủ tục cấp bách như đăng ký khai tử, đăng ký
khai sinh.</p>

<p>Các cơ quan, đơn vị bố trí lịch trực, bảo đảm an ninh, an toàn, phòng chống cháy nổ tại trụ sở
và báo cáo tình hình trước, trong và sau Tết về Văn phòng HĐND và UBND thị xã.</p>
""",
        "byline": "Văn phòng HĐND và UBND thị xã",
        "days_ago": 405,
        "hour": 14,
        "views": 2790,
    },
    {
        "category": "thong-bao",
        "title": "Lấy ý kiến Nhân dân về dự thảo Đề án sắp xếp khu phố, thôn",
        "summary": """UBND thị xã An Hòa tổ chức lấy ý kiến cử tri về dự thảo Đề án sắp xếp, sáp
        nhập các khu phố, thôn chưa đạt tiêu chuẩn về quy mô số hộ gia đình.""",
        "body": """
<p>Theo dự thảo, thị xã sẽ sắp xếp 14 khu phố, thôn thành 7 khu phố, thôn mới; sau sắp xếp, toàn
thị xã còn 61 khu phố, thôn.</p>

<p>Việc lấy ý kiến được thực hiện bằng phiếu tại hộ gia đình, do tổ lấy ý kiến của từng khu phố,
thôn phát và thu lại trong thời gian quy định. Mỗi hộ gia đình cử một đại diện ghi ý kiến đồng ý
hoặc không đồng ý.</p>

<p>Toàn văn dự thảo Đề án được niêm yết tại nhà văn hóa các khu phố, thôn và trụ sở UBND các
phường, xã có liên quan.</p>
""",
        "byline": "Phòng Nội vụ thị xã",
        "days_ago": 590,
        "hour": 10,
        "views": 1505,
    },
    # ---- Not public: a scheduled announcement and two drafts ----------------------------
    {
        "category": "thong-bao",
        "title": "Thông báo tổ chức Hội nghị đối thoại với doanh nghiệp trên địa bàn thị xã",
        "summary": """UBND thị xã An Hòa tổ chức hội nghị đối thoại với doanh nghiệp, hợp tác xã và
        hộ kinh doanh để lắng nghe, tháo gỡ khó khăn trong sản xuất, kinh doanh.""",
        "body": """
<p>Hội nghị do ông Nguyễn Thành Trung, Chủ tịch UBND thị xã, chủ trì, với sự tham dự của lãnh đạo
các phòng chuyên môn, Chi cục Thuế khu vực, Điện lực và các ngân hàng thương mại trên địa bàn.</p>

<p>Doanh nghiệp, hợp tác xã, hộ kinh doanh có ý kiến, kiến nghị gửi trước bằng văn bản về Phòng
Kinh tế thị xã hoặc qua thư điện tử của Văn phòng HĐND và UBND thị xã để được tổng hợp, trả lời tại
hội nghị.</p>

<p>Địa điểm: Hội trường UBND thị xã, số 1 đường Trần Hưng Đạo, phường An Phú.</p>
""",
        "byline": "Văn phòng HĐND và UBND thị xã",
        "days_ago": -2,
        "views": 0,
    },
    {
        "category": "van-hoa-xa-hoi",
        "title": "Kế hoạch tổ chức Ngày hội Văn hóa các dân tộc thị xã An Hòa",
        "summary": """Dự thảo kế hoạch tổ chức Ngày hội Văn hóa các dân tộc, đang chờ lãnh đạo
        phòng cho ý kiến.""",
        "body": """
<p>Ngày hội dự kiến gồm trình diễn trang phục truyền thống, thi ẩm thực, trò chơi dân gian và giới
thiệu nghề thủ công của đồng bào các dân tộc sinh sống trên địa bàn thị xã.</p>

<p>Đề nghị các phường, xã đăng ký số lượng đội tham gia và nội dung dự thi trước ngày tổ chức ít
nhất 20 ngày.</p>

<p>(Bản nháp – chưa duyệt, bổ sung dự toán kinh phí.)</p>
""",
        "byline": "Thu Hà – Trung tâm VH-TT",
        "status": "draft",
        "views": 0,
    },
    {
        "category": "kinh-te",
        "title": "Kết quả kiểm tra an toàn thực phẩm dịp Tết Trung thu",
        "summary": """Đoàn kiểm tra liên ngành thị xã kiểm tra 35 cơ sở sản xuất, kinh doanh bánh
        kẹo, phát hiện và xử lý một số vi phạm.""",
        "body": """
<p>Qua kiểm tra, đoàn đã nhắc nhở 9 cơ sở về điều kiện vệ sinh, ghi nhãn hàng hóa và xử phạt vi
phạm hành chính 3 cơ sở kinh doanh bánh không rõ nguồn gốc.</p>

<p>Đoàn tiếp tục kiểm tra các chợ, cửa hàng tạp hóa và cơ sở sản xuất nhỏ lẻ ở các xã trong tuần
tới.</p>

<p>(Bản nháp – chờ số liệu chính thức của Phòng Y tế.)</p>
""",
        "byline": "Hải Yến",
        "status": "draft",
        "views": 0,
    },
]
